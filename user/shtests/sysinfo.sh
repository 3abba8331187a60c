# uname, free, mount, uptime, dmesg, /proc/loadavg: stable facts only
uname -m
uname -s
free | grep -q '^Mem:' && echo "free: Mem line"
mount | grep -q ' on /proc type proc ' && echo "mount: /proc"
uptime | grep -q 'load average' && echo "uptime: load average"
[ -n "$(dmesg | head -n 1)" ] && echo "dmesg: ok"
awk '{ print NF }' /proc/loadavg
[ "$(nproc)" -ge 1 ] && echo "nproc: ok"
grep -q '^MemTotal:' /proc/meminfo && echo "meminfo: MemTotal"
