#include "usertests.h"

const struct test mqueue_tests[] = {
	{ NULL, NULL },
};
