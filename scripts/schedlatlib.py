"""schedlatlib — read /bin/schedlat's result lines (user/bench/schedlat.c)
out of a guest console log, and say whether each is well formed.

Used by scripts/bench-sched (the figures) and scripts/study-check (the
smoke run in scripts/test, which checks shape, never speed).
"""
import math
import re

import iperf3lib

KV_RE = re.compile(r'(\w+)=("[^"]*"|\S+)')

LATENCY = ["n", "median_us", "p99_us", "min_us", "max_us"]
# test name -> the numeric fields its line must carry
TESTS = {
    "futex-1cpu": LATENCY,
    "futex-2cpu": LATENCY,
    "pipe-1cpu": LATENCY,
    "pipe-2cpu": LATENCY,
    "sleeper": LATENCY + ["secs", "wakeups_per_s"],
    "timer-50us": LATENCY,
    "timer-100us": LATENCY,
    "timer-1ms": LATENCY,
    "timer-10ms": LATENCY,
    "fair-2m": ["n", "cpus", "secs", "min_share", "max_share", "maxdev_pct", "util"],
    "fair-m1": ["n", "cpus", "secs", "min_share", "max_share", "maxdev_pct", "util"],
    "fair-1cpu": ["n", "cpus", "secs", "min_share", "max_share", "maxdev_pct", "util"],
    "nice": ["n", "secs", "ratio"],
}
# the tests that need two CPUs: skipped, not failed, on one
NEED_TWO = ("futex-2cpu", "pipe-2cpu")


def kv_lines(text, tag):
    """The key=value dicts of the lines that start with @tag."""
    out = []
    for line in iperf3lib.clean_console(text).split("\n"):
        line = line.strip()
        if line.startswith(tag + " "):
            out.append({k: v.strip('"') for k, v in KV_RE.findall(line)})
    return out


def info(text):
    """The SCHEDLAT-INFO line: the CPUs the program saw and its bounds
    (cpus, rounds, samples, limit_ms, dur_ms), as {field: str}."""
    lines = kv_lines(text, "SCHEDLAT-INFO")
    return lines[-1] if lines else {}


def parse(text):
    """(cpus the guest program saw or None, {test: {field: str}}); a test
    printed twice keeps its last line."""
    cpus = info(text).get("cpus", "")
    cpus = int(cpus) if cpus.isdigit() else None
    return cpus, {d.get("test"): d for d in kv_lines(text, "SCHEDLAT")}


def number(d, field):
    """A field as a float, or None when missing or not a number."""
    try:
        return float(d.get(field, ""))
    except ValueError:
        return None


def judge(test, d, cpus):
    """(ok, reason) for one test's line @d (None: missing): it ran (or was
    skipped for want of a second CPU on one) and every field it must carry
    is a finite number, none negative, with n > 0. Never a judgement of
    speed."""
    if d is None:
        return False, "no SCHEDLAT line"
    st = d.get("status")
    if st == "skipped" and test in NEED_TWO and cpus == 1:
        return True, "skipped: one CPU"
    if st != "ok":
        return False, "status=%s %s" % (st, d.get("reason", ""))
    for f in TESTS[test]:
        v = number(d, f)
        if v is None or not math.isfinite(v) or v < 0:
            return False, "%s=%s" % (f, d.get(f, "(missing)"))
    if not number(d, "n") > 0:
        return False, "n=%s" % d.get("n")
    return True, "n=%s" % d["n"]
