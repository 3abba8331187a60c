# iproute2's ss over NETLINK_SOCK_DIAG: a TCP listener (columns squeezed:
# their widths follow the terminal); usertests net_sock_diag_* cover UDP
nc -l -p 5555 127.0.0.1 >/dev/null 2>&1 &
tcp=$!
i=0
until ss -l -t -n | grep -q ':5555 '; do
    i=$((i + 1))
    [ $i -gt 100 ] && break
    sleep 0.1
done
ss -l -t -n | grep ':5555 ' | awk '{ $1 = $1; print }'
ss -t -a | grep ':5555 ' | awk '{ $1 = $1; print }'
ss -t -a -n '( sport = :5555 )' | tail -n +2 | awk '{ $1 = $1; print }'
ss -t -n state established '( sport = :5555 )' | tail -n +2 | wc -l
ss -u -a -n | head -n 1 | awk '{ $1 = $1; print }'
kill $tcp
wait
exit 0
