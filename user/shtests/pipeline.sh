# pipelines: two and many stages, exit status of a pipeline
echo $((6*7)) | cat
printf 'b\na\nc\na\nb\na\n' | sort | uniq -c | sort -rn | awk '{print $2, $1}'
echo hello world | tr a-z A-Z | sed 's/WORLD/THERE/'
seq 1 100 | awk '{s += $1} END {print s}'
seq 1 1000 | grep 7 | wc -l | tr -d ' '
printf 'one two\nthree four five\n' | wc -w | tr -d ' '
printf 'x:y:z\n' | cut -d: -f2 | tr y Y
seq 1 100000 | cat | cat | cat | wc -l | tr -d ' '
seq 1 20000 | sort -rn | head -n 3 | tr '\n' ' '; echo
false | true; echo "false|true $?"
true | false; echo "true|false $?"
