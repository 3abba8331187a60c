# kill -TERM / -KILL of background jobs: statuses 143 and 137
sleep 30 & p=$!
kill -TERM $p
wait $p; echo "TERM status $?"
mkfifo f
sh -c 'echo r > f; exec sleep 30' & p=$!
read r < f
kill $p
wait $p; echo "default kill status $?"
sleep 30 & p=$!
kill -KILL $p
wait $p; echo "KILL status $?"
kill -0 $p 2> /dev/null || echo "reaped"
sh -c 'kill -TERM $$; echo not reached'; echo "self TERM status $?"
