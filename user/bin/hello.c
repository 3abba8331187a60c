/* hello: the smallest static musl program, to check the toolchain and boot. */
#include <stdio.h>

int main(void)
{
	printf("hello from a static musl binary\n");
	return 0;
}
