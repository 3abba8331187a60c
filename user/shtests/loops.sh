# loops, case and functions
for i in 1 2 3; do printf '%s ' $i; done; echo
i=0
while [ $i -lt 10 ]; do
    i=$((i + 1))
    [ $i -eq 2 ] && continue
    [ $i -eq 5 ] && break
    echo "w$i"
done
n=3; until [ $n -eq 0 ]; do echo "u$n"; n=$((n - 1)); done
fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1 - 1))) )); fi; }
fact 10
f() { local v=inner; echo "in f: $v $#"; return 3; }
v=outer; f a b; echo "$? $v"
for name in foo.c bar.h baz; do
    case $name in
        *.h) echo "$name header" ;;
        *.c) echo "$name source" ;;
        *) echo "$name other" ;;
    esac
done
a=0; b=1; for k in $(seq 1 30); do t=$((a + b)); a=$b; b=$t; done; echo "fib $a"
s=0; for j in $(seq 1 1000); do s=$((s + j)); done; echo "sum $s"
for o in 1 2; do for in in a b; do printf '%s%s ' $o $in; done; done; echo
args() { echo "$# [$*]"; shift; echo "$1"; }; args x "y z" w
