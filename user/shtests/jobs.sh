# background jobs and wait: statuses through wait $pid
(exit 3) & p1=$!
(exit 5) & p2=$!
sh -c 'exit 7' & p3=$!
wait $p2; echo "p2 $?"
wait $p1; echo "p1 $?"
wait $p3; echo "p3 $?"
for i in 1 2 3 4 5; do (echo "job $i" > out.$i) & done
wait
cat out.1 out.2 out.3 out.4 out.5
mkfifo ff
(read x < ff; echo "got $x") & p=$!
echo hi > ff
wait $p; echo "reader status $?"
(seq 1 1000 > big) & wait $!; wc -l < big | tr -d ' '
