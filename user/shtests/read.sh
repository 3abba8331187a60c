# read from pipes and files
echo "a b c" | { read x y z; echo "$z $y $x"; }
printf 'l1\nl2\nl3\n' | while read l; do echo "got $l"; done
echo "k=v" | { IFS== read k v; echo "$k -> $v"; }
echo 'back\slash' | { read -r r; echo "$r"; }
echo "one two three" | { read first rest; echo "[$first] [$rest]"; }
printf 'no newline' | { read n; echo "status $? [$n]"; }
: | { read e; echo "eof status $?"; }
seq 1 3 > nums; while read q; do echo "n$q"; done < nums
