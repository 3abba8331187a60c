# find in a temporary tree
mkdir -p a/b/c a/d
echo one > a/1.txt; echo two > a/b/2.txt; echo three > a/b/c/3.log; echo four > a/d/4.txt
find a -type f | sort
find a -name '*.txt' | sort
find a -type d | sort
find a -maxdepth 1 | sort
find a -name '*.log' -exec cat {} \;
find a -type f -name '*.txt' -exec basename {} \; | sort | tr '\n' ' '; echo
find a -type f | wc -l | tr -d ' '
find a -empty
find a -path '*/b/*' -type f | sort
