# test and [
[ 1 -lt 2 ] && echo lt
[ abc = abc ] && echo streq
[ abc != abd ] && echo strne
[ -z "" ] && echo empty
[ -n x ] && echo nonempty
touch f
[ -f f ] && echo file
[ -d . ] && echo dir
[ ! -e nope ] && echo noexist
[ -s f ] || echo "zero size"
test 3 -ge 3 -a 2 -ne 1 && echo and
[ 1 -eq 2 -o 2 -eq 2 ] && echo or
[ -x /bin/sh ] && echo executable
[ -L /bin/sh ] && echo "sh is a link"
[ 5 -gt 10 ]; echo "false status $?"
test; echo "empty test status $?"
[ -1 -lt 0 ] && echo negative
[ "(" x = x ")" ] && echo parens
