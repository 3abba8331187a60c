"""benchlib — what the benchmark scripts share: building, booting one
guest job per run, medians with min-max, the notes every result page
carries, and gnuplot.

Used by scripts/bench-loopback, scripts/bench-study and scripts/bench-sched.
"""
import datetime
import os
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "bench", "results")
LOG_DIR = os.path.join(ROOT, "build", "bench")
KERNELS = ["shoal", "linux"]
KERNEL_TITLE = {"shoal": "shoal", "linux": "Linux"}


def say(prog, msg):
    sys.stderr.write("%s: %s\n" % (prog, msg))
    sys.stderr.flush()


def env_int(prog, name, default):
    try:
        v = int(os.environ.get(name, default))
    except ValueError:
        sys.exit("%s: %s must be a number" % (prog, name))
    if v < 1:
        sys.exit("%s: %s must be at least 1" % (prog, name))
    return v


def env_list(prog, name, default):
    """A comma-separated list of positive integers from the environment."""
    raw = os.environ.get(name, default)
    try:
        vals = [int(x) for x in raw.split(",") if x.strip()]
    except ValueError:
        sys.exit("%s: %s must be numbers separated by commas" % (prog, name))
    if not vals or min(vals) < 1:
        sys.exit("%s: %s must list positive numbers" % (prog, name))
    return vals


def build(prog, kernels):
    """Build user programs and the initramfs (fatal if that fails) and, for
    shoal, the kernel (if that fails, shoal's runs are recorded as failed).
    Returns {kernel: reason it cannot run, or None}."""
    os.makedirs(LOG_DIR, exist_ok=True)
    os.makedirs(OUT_DIR, exist_ok=True)
    blocked = {}
    log = open(os.path.join(LOG_DIR, "build.log"), "w")
    say(prog, "building tools, user programs, initramfs")
    if subprocess.call(["make", "-s", "tools", "user", "initramfs"], cwd=ROOT,
                       stdout=log, stderr=subprocess.STDOUT) != 0:
        sys.exit("%s: build failed (log: build/bench/build.log)" % prog)
    if "shoal" in kernels:
        say(prog, "building the shoal kernel")
        r = subprocess.call(["make", "-s", "kernel"], cwd=ROOT, stdout=log,
                            stderr=subprocess.STDOUT)
        if r != 0 or not os.path.exists(os.path.join(ROOT, "build", "shoal.elf")):
            blocked["shoal"] = "kernel build failed"
    log.close()
    return blocked


def boot(kernel, smp, timeout, job, log, run_args=()):
    """Boot @kernel with @smp CPUs, run @job (argv list) and keep the console
    in @log; @run_args go to scripts/run (e.g. --net). Returns
    (scripts/run's exit status, console text)."""
    cmd = [os.path.join(ROOT, "scripts", "run"), "--no-build", "--kernel", kernel,
           "--smp", str(smp), "--timeout", str(timeout)] + list(run_args) + ["--"] + job
    with open(log, "wb") as f:
        rc = subprocess.call(cmd, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL)
    with open(log, "rb") as f:
        return rc, f.read().decode("utf-8", errors="replace")


def boot_failure(rc):
    return {124: "timeout", 125: "kernel panic"}.get(rc, "no result (status %d)" % rc)


def summary(values):
    """(median, min, max) of the values that are not None, or None."""
    ok = [v for v in values if v is not None]
    if not ok:
        return None
    return statistics.median(ok), min(ok), max(ok)


def qemu_version():
    try:
        out = subprocess.check_output(["qemu-system-riscv64", "--version"],
                                      stderr=subprocess.STDOUT).decode()
        return out.splitlines()[0].strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run_notes(smps, runs, what, kernels):
    """The lines under every result table: when, on what, how often, and
    whether the guest had more vCPUs than the host has CPUs."""
    ncpu = os.cpu_count() or 0
    lines = [
        "- date: %s" % datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "- QEMU: %s (TCG, multi-threaded)" % qemu_version(),
        "- host CPUs: %d" % ncpu,
        "- runs per cell: %d%s; kernels measured: %s" % (
            runs, ", " + what if what else "", ", ".join(kernels)),
    ]
    over = ["-smp %d" % s for s in smps if ncpu and s > ncpu]
    if over:
        lines.append("- note: the host has %d CPU%s, so %s run%s more vCPU "
                     "threads than there are host CPUs: oversubscribed cells "
                     "measure QEMU's scheduling as much as the guest kernel, on "
                     "both kernels alike." % (
                         ncpu, "" if ncpu == 1 else "s", " and ".join(over),
                         "s" if len(over) == 1 else ""))
    return lines


def gnuplot(path, script):
    """Run a gnuplot @script that writes @path. Returns an error or None."""
    if os.path.exists(path):
        os.unlink(path)
    if not shutil.which("gnuplot"):
        return "gnuplot is not installed (scripts/setup-tools installs gnuplot-nox)"
    p = subprocess.run(["gnuplot"], input=script.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return "gnuplot failed: %s" % p.stdout.decode(errors="replace").strip()
    return None


def line_panel(dat, title, xlabel, ylabel, xs, series, logx=False, logy=False):
    """gnuplot commands for one panel: one line per series with min-max
    error bars. @series is [(title, {x: (median, min, max)})]; the data
    goes to the file @dat. A panel without any point says so."""
    series = [(t, pts) for t, pts in series if pts]
    with open(dat, "w") as f:
        for t, pts in series:
            f.write("# %s\n" % t)
            for x in xs:
                if x in pts:
                    f.write("%s %g %g %g\n" % (x, *pts[x]))
            f.write("\n\n")
    s = 'set title "%s"\nset xlabel "%s"\nset ylabel "%s"\n' % (title, xlabel, ylabel)
    s += ("set logscale x 2\n" if logx else "unset logscale x\n")
    s += ("set logscale y\nset yrange [*:*]\n" if logy else "unset logscale y\nset yrange [0:*]\n")
    s += "set xrange [%g:%g]\n" % ((min(xs) / 1.3, max(xs) * 1.3) if logx else
                                   (min(xs) - 0.5, max(xs) + 0.5))
    s += "set xtics (%s)\n" % ", ".join('"%s" %s' % (x, x) for x in xs)
    # data blocks are numbered in the order written: only non-empty ones
    plots = ["'%s' index %d using 1:2:3:4 with yerrorlines title \"%s\"" % (dat, i, t)
             for i, (t, _) in enumerate(series)]
    if not plots:
        return s + ('set label 1 "no successful runs" at graph 0.5, 0.5 center\n'
                    "plot NaN notitle\nunset label 1\n")
    return s + "plot " + ", \\\n     ".join(plots) + "\n"


def bar_panel(dat, title, ylabel, cats, series, logy=False, colors=None):
    """gnuplot commands for one panel of grouped bars (the median) with
    min-max error bars, one group per category in @cats. @series is
    [(title, {category: (median, min, max)})], @colors {title: colour};
    the data goes to the file @dat. A series without any point gets no
    bars (gnuplot refuses a histogram column without points); a panel
    without any says so."""
    colors = colors or {}
    series = [(t, pts) for t, pts in series if pts]
    with open(dat, "w") as f:
        for c in cats:
            row = ['"%s"' % c]
            for _, pts in series:
                row += ["%g" % v for v in pts[c]] if c in pts else ["NaN"] * 3
            f.write(" ".join(row) + "\n")
    s = 'set title "%s"\nunset xlabel\nset ylabel "%s"\n' % (title, ylabel)
    s += "unset logscale x\nset xrange [*:*]\nset xtics autofreq\n"
    s += ("set logscale y\nset yrange [*:*]\n" if logy else "unset logscale y\nset yrange [0:*]\n")
    s += ("set style data histograms\nset style histogram errorbars gap 1 lw 1\n"
          "set style fill solid 0.7 border -1\nset boxwidth 0.9\n")
    plots = ["'%s' using %d:%d:%d%s title \"%s\"%s" % (
        dat, 2 + 3 * i, 3 + 3 * i, 4 + 3 * i, ":xtic(1)" if i == 0 else "", t,
        ' lc rgb "%s"' % colors[t] if t in colors else "")
        for i, (t, _) in enumerate(series)]
    if not plots:
        return s + ('set label 1 "no successful runs" at graph 0.5, 0.5 center\n'
                    "unset logscale y\nset xrange [0:1]\nset yrange [0:1]\n"
                    "plot NaN notitle\nunset label 1\n")
    return s + "plot " + ", \\\n     ".join(plots) + "\n"
