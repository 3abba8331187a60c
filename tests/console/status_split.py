#!/usr/bin/env python3
"""scripts/run reads the job's status line whole, also when it arrives in
pieces: a stand-in for QEMU prints "... status 1", waits, then "41", and
the run must end with 141, not 1; output after the status line (the
kernel's last words) must still reach stdout.

usage: python3 tests/console/status_split.py   (exit 0 = pass)
"""
import importlib.machinery
import importlib.util
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

FAKE_QEMU = r'''
import sys, time
w = sys.stdout.buffer
for piece in [b"boot\nshoal-init: job exited with status 1", b"41\n",
              b"last words\n"]:
    w.write(piece)
    w.flush()
    time.sleep(0.3)
'''


def load_run():
    loader = importlib.machinery.SourceFileLoader("shoal_run", os.path.join(ROOT, "scripts", "run"))
    spec = importlib.util.spec_from_loader("shoal_run", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        run = load_run()
        o = {"log": None, "timeout": 30}
        sys.exit(run.supervise(o, [sys.executable, "-c", FAKE_QEMU], False))
    p = subprocess.run([sys.executable, os.path.abspath(__file__), "--child"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    out = p.stdout.decode(errors="replace")
    ok = p.returncode == 141 and "last words" in out
    print("status %d, output %r: %s" % (p.returncode, out, "PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
