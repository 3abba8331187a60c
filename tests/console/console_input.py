#!/usr/bin/env python3
"""Drive a shell on the guest console through a pseudo-terminal.

usage: console_input.py [shoal|linux]

Boots `scripts/run --smp 2 -- /bin/sh` on a pty, types a command and
checks that it ran (on shoal, console input reaches the tty through the
UART's receive interrupt), moves the console's interrupt to CPU 1 through
/proc/irq/N/smp_affinity and back, typing a command after each move,
starts a foreground `sleep 100` and checks that
^C interrupts it and the shell survives, then exits the shell with status
7 and checks that scripts/run reports it. Exit status 0 on success.
"""
import os
import pty
import select
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def main():
    kernel = sys.argv[1] if len(sys.argv) > 1 else "shoal"
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        os.execvp("scripts/run", ["scripts/run", "--no-build", "--kernel", kernel,
                                  "--smp", "2", "--timeout", "90", "--", "/bin/sh"])
    seen = b""

    def wait_for(needle, secs=30):
        nonlocal seen
        end = time.time() + secs
        while time.time() < end:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                data = os.read(fd, 4096)
            except OSError:
                return False
            seen += data
            if needle in seen:
                return True
        return False

    def step(keys, needle, why, secs=30):
        """Type @keys, then wait for @needle; False (and a message) if it never comes."""
        os.write(fd, keys)
        if wait_for(needle, secs):
            return True
        fail(why, seen)
        return False

    if not wait_for(b"# "):
        return fail("no shell prompt", seen)
    if not step(b"echo typed-$((40+2))\r", b"typed-42", "typed command did not run"):
        return 1
    # the console's interrupt (shoal: the UART's; Linux: virtio-console's
    # queues) moved to CPU 1 and back: typed input must still arrive.
    # Linux's IMSIC may answer EBUSY until its previous move settles.
    find = (b"i=$(awk -F: '/ttyS0|virtio0-virtqueues|virtio0-input/ {print $1+0; exit}'"
            b" /proc/interrupts)\r")
    os.write(fd, find)
    for mask, cpu in ((b"2", b"1"), (b"1", b"0")):
        move = (b"n=0; until echo " + mask + b" > /proc/irq/$i/smp_affinity 2>/dev/null ||"
                b" [ $n -ge 50 ]; do n=$((n+1)); sleep 0.1; done;"
                b" echo on-cpu-$(cat /proc/irq/$i/smp_affinity_list)\r")
        if not (step(move, b"on-cpu-" + cpu + b"\r", "console irq not moved to CPU " + cpu.decode()) and
                step(b"echo typed-$((50+" + cpu + b"))\r", b"typed-5" + cpu,
                     "typed command did not run with the console irq on CPU " + cpu.decode())):
            return 1
    # ^C reaches the foreground job only: sleep dies, the shell prompts again
    # (an interactive shell drops the rest of the line on ^C, so look for
    # the prompt, then ask the shell how the job ended)
    if not step(b"sleep 100\r", b"sleep 100", "no echo of the sleep command"):
        return 1
    time.sleep(1)
    seen = b""
    if not (step(b"\x03", b"# ", "^C did not interrupt sleep", 20) and
            step(b"echo status-$?\r", b"status-130", "sleep did not end by SIGINT") and
            step(b"echo alive-$((1+1))\r", b"alive-2", "the shell did not survive ^C")):
        return 1
    os.write(fd, b"exit 7\r")
    wait_for(b"job exited with status 7")
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 7:
        return fail("scripts/run exited %d, want 7" % code, seen)
    print("console input: ok")
    return 0


def fail(why, seen):
    sys.stdout.write(seen.decode(errors="replace")[-2000:])
    print("\nconsole input: FAIL: " + why)
    return 1


if __name__ == "__main__":
    sys.exit(main())
