# xargs
seq 1 10 | xargs echo
seq 1 10 | xargs -n 3 echo
printf 'a\nb\n' | xargs -I{} echo "item {}"
printf 'p q\0r\0' | xargs -0 -n 1 echo
seq 1 100 | xargs -n 10 | wc -l | tr -d ' '
touch f1 f2 f3; ls f* | xargs rm; ls | wc -l | tr -d ' '
echo x | xargs sh -c 'exit 3'; echo "status $?"
