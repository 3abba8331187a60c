# trap: USR1 sent to ourselves, EXIT in subshells and at the end, a trap
# in a background shell
trap 'echo usr1 caught' USR1
kill -USR1 $$
echo after kill
(trap 'echo subshell exit trap' EXIT; echo in subshell)
sh -c 'trap "echo bye" EXIT; exit 4'; echo "status $?"
mkfifo ready
sh -c 'trap "echo child got usr1; exit 9" USR1; echo r > ready; while :; do sleep 1; done' & p=$!
read r < ready
kill -USR1 $p
wait $p; echo "child status $?"
trap - USR1
trap 'echo main exit trap' EXIT
echo end
