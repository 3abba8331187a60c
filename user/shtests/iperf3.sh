# Debian's iperf3 (dynamic, glibc): --version and --help
iperf3 --version | sed -n 1p | cut -c1-10
iperf3 --help > help 2>&1; echo "help status $?"
grep -q '^Usage: iperf3' help && echo "usage line"
