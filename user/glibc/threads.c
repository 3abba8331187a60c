// glibc-threads: four pthreads add to a mutex-protected counter; the main
// thread joins them and prints the total. A dynamic glibc program (built
// with Debian's riscv64-linux-gnu-gcc), run by the shtests suite.
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4
#define NADDS 100000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < NADDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NTHREADS];
	int n = 0;

	for (int i = 0; i < NTHREADS; i++) {
		if (pthread_create(&t[i], NULL, worker, NULL) != 0) {
			perror("pthread_create");
			return 1;
		}
	}
	for (int i = 0; i < NTHREADS; i++) {
		if (pthread_join(t[i], NULL) != 0) {
			perror("pthread_join");
			return 1;
		}
		n++;
	}
	printf("joined %d threads, total %ld\n", n, counter);
	return counter == (long)NTHREADS * NADDS ? 0 : 1;
}
