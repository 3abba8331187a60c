#!/usr/bin/env python3
"""Drive a shell on shoal's console through a pseudo-terminal.

Boots `scripts/run --smp 2 -- /bin/sh` on a pty, types a command and
checks that it ran (console input reaches the tty through the UART's
receive interrupt), then exits the shell with status 7 and checks that
scripts/run reports it. Exit status 0 on success; a message otherwise.
"""
import os
import pty
import select
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def main():
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        os.execvp("scripts/run", ["scripts/run", "--no-build", "--smp", "2",
                                  "--timeout", "60", "--", "/bin/sh"])
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

    if not wait_for(b"# "):
        return fail("no shell prompt", seen)
    os.write(fd, b"echo typed-$((40+2))\r")
    if not wait_for(b"typed-42"):
        return fail("typed command did not run", seen)
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
