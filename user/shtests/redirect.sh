# redirections: > >> 2>&1 < here-documents, numbered descriptors
echo one > f
echo two >> f
cat f
wc -l < f | tr -d ' '
cat /nonexistent > o 2>&1; echo "status $?"
[ -s o ] && echo "stderr captured"
sh -c 'echo out; echo err >&2' 2>&1 > /dev/null
sh -c 'echo out; echo err >&2' > both 2>&1; sort both | tr '\n' ' '; echo
cat <<EOT
here $((1 + 2))
EOT
cat <<'EOT'
literal $HOME $((1+1))
EOT
tr a-z A-Z <<-EOT
	tabs stripped
	EOT
exec 3> g
echo via3 >&3
exec 3>&-
cat g
read line < f; echo "first: $line"
{ echo a; echo b; } > grp; cat grp | tr '\n' ' '; echo
: > f; [ -s f ] || echo truncated
