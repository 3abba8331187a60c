# ps lists a known process (a background sleep), which goes away after kill
sleep 30 & p=$!
found=no
i=0
while [ $i -lt 200 ]; do
    if ps | awk -v p=$p '$1 == p && / sleep 30$/ { f = 1 } END { exit !f }'; then
        found=yes
        break
    fi
    i=$((i + 1))
    sleep 0.05
done
echo "found $found"
ps | awk -v p=$$ '$1 == p { print "self listed" }'
kill $p
wait $p; echo "status $?"
ps | awk -v p=$p '$1 == p { print "still listed" }'
[ -d /proc/$p ] || echo "gone from /proc"
