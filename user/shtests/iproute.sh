# busybox ip over NETLINK_ROUTE: links, IPv4 addresses, routes on lo
ip link show lo
ip -4 addr show dev lo
ip route show table local | grep ' lo '
ip link set lo mtu 1500 && ip link show lo | head -n 1
ip link set lo mtu 65536 && ip link show lo | head -n 1
ip addr add 127.0.1.9/8 dev lo
ip -4 addr show dev lo | grep 127.0.1.9
ip addr del 127.0.1.9/8 dev lo
ip -4 addr show dev lo | grep -c 127.0.1.9
ip route add 10.213.0.0/16 dev lo
ip route | grep 10.213
ip route add 10.213.0.0/16 dev lo 2>/dev/null || echo "add again: refused"
ip route get 127.0.0.1
ip route del 10.213.0.0/16 dev lo
ip route | grep -c 10.213
ip route del 10.213.0.0/16 dev lo 2>/dev/null || echo "del again: refused"
exit 0
