# /proc/self and /proc/$$/status basics
[ -d /proc/self ] && echo "self is a directory"
sh -c 'echo $$; exec readlink /proc/self' | uniq | wc -l | tr -d ' '
awk '/^Name:/ { print $2 }' /proc/$$/status
[ "$(awk '/^Pid:/ { print $2 }' /proc/$$/status)" = "$$" ] && echo "Pid matches"
[ "$(awk '/^PPid:/ { print $2 }' /proc/$$/status)" = "$PPID" ] && echo "PPid matches"
# the shell may still be running (R) or already waiting (S) for awk
awk '/^State:/ { print ($2 == "S" || $2 == "R") ? "state ok" : $2 }' /proc/$$/status
awk '/^Uid:/ { print $2, $3, $4, $5 }' /proc/$$/status
cat /proc/self/cmdline | tr '\0' ' '; echo
[ "$(cut -d' ' -f1 /proc/$$/stat)" = "$$" ] && echo "stat pid matches"
readlink /proc/$$/cwd > cwd; [ "$(cat cwd)" = "$(pwd)" ] && echo "cwd link matches"
[ -e /proc/self/fd/0 ] && echo "fd 0 present"
echo hello > file; exec 4< file; readlink /proc/$$/fd/4 | sed 's,.*/,,'; exec 4<&-
