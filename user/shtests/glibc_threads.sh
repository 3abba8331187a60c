# a dynamic glibc program with four pthreads and a mutex
glibc-threads; echo "status $?"
