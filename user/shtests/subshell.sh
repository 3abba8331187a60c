# subshells and command substitution
x=1; (x=2; echo "in $x"); echo "out $x"
y=$(echo a; echo b); echo "$y"
echo "nested $(echo $(echo deep))"
(exit 7); echo "subshell status $?"
d=$(pwd); (cd / && pwd); [ "$(pwd)" = "$d" ] && echo "cwd kept"
z=$(echo sub; exit 3); echo "$z $?"
echo $(( $(echo 5) * 2 ))
n=$(seq 1 5000 | wc -l); echo "lines $n"
v=`echo backquote`; echo $v
(echo a; (echo b; (echo c))) | tr -d '\n'; echo
