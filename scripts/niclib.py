"""niclib — what the NIC tests and bench share on the host side.

- The test stream (the same bytes as /bin/netxfer gen BYTES SEED in the
  guest, user/bin/netxfer.c): a 1 MiB block of xorshift64 words seeded
  from SEED, repeated, with the first 16 bytes of every 4 KiB chunk set to
  the chunk's index and SEED (u64, little-endian).
- Parsers for /proc/interrupts, /proc/net/dev and /proc/stat snapshots
  that the guest prints between "NIC-SNAP-BEGIN <name>" and
  "NIC-SNAP-END <name>" lines.

Used by scripts/nic-peer, scripts/nic-check and scripts/bench-nic.
"""
import hashlib
import re
import struct

BLOCK_SIZE = 1 << 20
CHUNK_SIZE = 4096
MASK64 = (1 << 64) - 1


def make_block(seed):
    x = (seed * 0x9E3779B97F4A7C15 + 1) & MASK64
    words = []
    for _ in range(BLOCK_SIZE // 8):
        x ^= (x << 13) & MASK64
        x ^= x >> 7
        x ^= (x << 17) & MASK64
        words.append(x)
    return struct.pack("<%dQ" % len(words), *words)


def stream_blocks(nbytes, seed):
    """The stream, 1 MiB at a time."""
    base = make_block(seed)
    off = 0
    while off < nbytes:
        n = min(BLOCK_SIZE, nbytes - off)
        buf = bytearray(base[:n])
        for c in range(0, n, CHUNK_SIZE):
            hdr = struct.pack("<QQ", (off + c) // CHUNK_SIZE, seed)
            k = min(16, n - c)
            buf[c:c + k] = hdr[:k]
        yield bytes(buf)
        off += n


def stream_sha256(nbytes, seed):
    h = hashlib.sha256()
    for b in stream_blocks(nbytes, seed):
        h.update(b)
    return h.hexdigest()


# ------------------------------------------------------------- snapshots
SNAP_BEGIN = re.compile(r"^NIC-SNAP-BEGIN (\S+)$")
SNAP_END = re.compile(r"^NIC-SNAP-END (\S+)$")


def snapshots(lines):
    """{name: [lines]} of every snapshot in the (cleaned) console lines."""
    out, cur, body = {}, None, []
    for line in lines:
        s = line.strip()
        m = SNAP_BEGIN.match(s)
        if m:
            cur, body = m.group(1), []
            continue
        m = SNAP_END.match(s)
        if m and cur == m.group(1):
            out[cur] = body
            cur = None
            continue
        if cur is not None:
            body.append(line)
    return out


def section(lines, name):
    """The lines after '== name' up to the next '== ' line."""
    out, inside = [], False
    for line in lines:
        if line.startswith("== "):
            inside = line[3:].strip() == name
            continue
        if inside:
            out.append(line)
    return out


INPUT_RE = re.compile(r"input[.\-_ ]?(\d+)\s*$")


def parse_interrupts(lines):
    """{irq name: [count per CPU]} from /proc/interrupts."""
    head = [i for i, l in enumerate(lines) if "CPU0" in l.split()]
    if not head:
        return {}
    ncpu = len([w for w in lines[head[0]].split() if w.startswith("CPU")])
    out = {}
    for line in lines[head[0] + 1:]:
        f = line.split()
        if not f or not f[0].endswith(":"):
            continue
        counts = []
        for w in f[1:1 + ncpu]:
            if not w.isdigit():
                break
            counts.append(int(w))
        if len(counts) != ncpu:
            continue
        name = f[0][:-1] + " " + " ".join(f[1 + ncpu:])
        out[name] = counts
    return out


def input_vectors(irqs):
    """{queue: [count per CPU]} for the NIC's receive-queue vectors (names
    ending in input.N, as Linux's virtio-net names them)."""
    out = {}
    for name, counts in irqs.items():
        m = INPUT_RE.search(name)
        if m:
            out[int(m.group(1))] = counts
    return out


def parse_net_dev(lines, dev="eth0"):
    """(rx_packets, tx_packets, rx_bytes, tx_bytes) of dev in /proc/net/dev."""
    for line in lines:
        if ":" not in line:
            continue
        name, rest = line.split(":", 1)
        if name.strip() != dev:
            continue
        f = rest.split()
        if len(f) >= 10:
            return int(f[1]), int(f[9]), int(f[0]), int(f[8])
    return None


def parse_stat_cpu(lines):
    """(busy, total) jiffies from the aggregate 'cpu' line of /proc/stat."""
    for line in lines:
        f = line.split()
        if f and f[0] == "cpu":
            v = [int(x) for x in f[1:] if x.isdigit()]
            idle = v[3] + (v[4] if len(v) > 4 else 0)
            return sum(v) - idle, sum(v)
    return None


def parse_ethtool_stats(lines):
    """{name: value} from `ethtool -S`."""
    out = {}
    for line in lines:
        if ":" in line:
            k, v = line.rsplit(":", 1)
            v = v.strip()
            if v.lstrip("-").isdigit():
                out[k.strip()] = int(v)
    return out
