# Debian's ethtool on lo: shoal answers through SIOCETHTOOL (no generic
# netlink), Linux through its ethtool netlink family; what lo has agrees
ethtool lo
ethtool -i lo 2>&1; echo "drvinfo: $?"
ethtool -S lo 2>&1; [ $? -ne 0 ] && echo "stats: refused"
ethtool -l lo >/dev/null 2>&1 || echo "channels: refused"
ethtool -L lo combined 2 >/dev/null 2>&1 || echo "set channels: refused"
ethtool -i nosuchdev0 >/dev/null 2>&1 || echo "no such device: refused"
exit 0
