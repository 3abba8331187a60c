"""iperf3lib — cut iperf3 runs out of a guest console log and judge them.

The guest side is /bin/iperf3-runs (rootfs/bin/iperf3-runs): it prints each
run's `iperf3 -J` output between "IPERF3-BEGIN <run>" and
"IPERF3-END <run> <status>" lines. The console also carries kernel
messages ("[    1.234567] ...", possibly starting in the middle of one of
our lines) and may end lines with \\r; both are removed before parsing.

Used by scripts/iperf3-check (the iperf3 suites of scripts/test),
scripts/bench-loopback, and for the NIC: scripts/nic-check and
scripts/bench-nic (whose guest side, /bin/nic-tests and /bin/nic-bench,
prints the same markers).
"""
import json
import re

# A kernel message: its time stamp up to the end of its line. Both kernels
# print "[%5lu.%06lu] " at the start of each message.
KMSG_RE = re.compile(r"\[ *\d+\.\d{6}\] [^\n]*(\n|$)")
BEGIN_RE = re.compile(r"^IPERF3-BEGIN (\S+)$")
END_RE = re.compile(r"^IPERF3-END (\S+) (\d+)$")


def clean_console(text):
    """The console text without carriage returns and kernel messages."""
    text = text.replace("\r", "")
    return KMSG_RE.sub("", text)


def extract_runs(text):
    """{run: (json_text, status)} for every run that has both markers; a
    run repeated in the log keeps its last occurrence."""
    runs = {}
    cur, body = None, []
    for line in clean_console(text).split("\n"):
        m = BEGIN_RE.match(line.strip())
        if m:
            cur, body = m.group(1), []
            continue
        m = END_RE.match(line.strip())
        if m and cur is not None and m.group(1) == cur:
            runs[cur] = ("\n".join(body), int(m.group(2)))
            cur = None
            continue
        if cur is not None:
            body.append(line)
    return runs


def streams_wanted(run):
    """How many streams the run asked for (tcpN and revN, -R: N; others: 1)."""
    for prefix in ("tcp", "rev"):
        if run.startswith(prefix) and run[3:].isdigit():
            return int(run[3:])
    return 1


def check_run(run, json_text, status):
    """(ok, reason, data): the client exited 0, its JSON parses and has no
    "error", and every stream carried data (TCP: bytes sent and received;
    UDP: packets sent and received)."""
    try:
        data = json.loads(json_text)
    except ValueError as e:
        return False, "JSON does not parse: %s" % e, None
    if not isinstance(data, dict):
        return False, "JSON is not an object", None
    if "error" in data:
        return False, "iperf3 error: %s" % data["error"], data
    if status != 0:
        return False, "client exited with status %d" % status, data
    end = data.get("end") or {}
    streams = end.get("streams") or []
    if len(streams) != streams_wanted(run):
        return False, "%d streams in end.streams, want %d" % (
            len(streams), streams_wanted(run)), data
    for i, s in enumerate(streams):
        if "udp" in s:
            if not s["udp"].get("packets", 0) > 0:
                return False, "stream %d sent no UDP packets" % i, data
            continue
        for side in ("sender", "receiver"):
            if not (s.get(side) or {}).get("bytes", 0) > 0:
                return False, "stream %d: %s bytes are 0" % (i, side), data
    if run == "udp" and not (end.get("sum_received") or {}).get("packets", 0) > 0:
        return False, "no UDP packets received", data
    return True, "", data


def received_bps(data):
    """end.sum_received.bits_per_second, or None."""
    try:
        return float(data["end"]["sum_received"]["bits_per_second"])
    except (KeyError, TypeError, ValueError):
        return None
