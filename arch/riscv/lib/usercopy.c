// SPDX-License-Identifier: MIT
/* C wrappers of uaccess.S: range checks against TASK_SIZE (see uaccess.h). */
#include <shoal/kernel.h>
#include <shoal/uaccess.h>

unsigned long __asm_copy_user(void *dst, const void *src, unsigned long n);
unsigned long __asm_clear_user(void *dst, unsigned long n);
long __asm_strncpy_from_user(char *dst, const char __user *src, long n);
int __asm_futex_cmpxchg(u32 *uval, u32 __user *uaddr, u32 old, u32 new);
int __asm_futex_op(int op, u32 oparg, int *oval, u32 __user *uaddr);

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return __asm_copy_user((void *)to, from, n);
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long left;

	if (!access_ok(from, n)) {
		memset(to, 0, n);
		return n;
	}
	left = __asm_copy_user(to, (const void *)from, n);
	if (left)       /* as Linux: the uncopied tail of the kernel buffer is zeroed */
		memset((char *)to + (n - left), 0, left);
	return left;
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return __asm_clear_user((void *)to, n);
}

long strncpy_from_user(char *dst, const char __user *src, long n)
{
	long len, max = n;
	unsigned long a = (unsigned long)src;

	if (n <= 0)
		return -ENAMETOOLONG;
	if (a >= TASK_SIZE)
		return -EFAULT;
	if (TASK_SIZE - a < (unsigned long)max)
		max = TASK_SIZE - a;
	len = __asm_strncpy_from_user(dst, src, max);
	if (len < 0)
		return -EFAULT;
	if (len == max) {
		if (max < n)
			return -EFAULT;         /* ran into the end of user space */
		return -ENAMETOOLONG;
	}
	return len;
}

long strnlen_user(const char __user *s, long n)
{
	long i;
	char c;

	for (i = 0; i < n; i++) {
		if (get_user(c, s + i))
			return 0;
		if (!c)
			return i + 1;
	}
	return n + 1;
}

int futex_atomic_cmpxchg_inatomic(u32 *uval, u32 __user *uaddr, u32 oldval, u32 newval)
{
	if (!access_ok(uaddr, 4) || ((unsigned long)uaddr & 3))
		return -EFAULT;
	return __asm_futex_cmpxchg(uval, uaddr, oldval, newval);
}

int arch_futex_atomic_op_inuser(int op, u32 oparg, int *oval, u32 __user *uaddr)
{
	if (!access_ok(uaddr, 4) || ((unsigned long)uaddr & 3))
		return -EFAULT;
	if (op < 0 || op > 4)
		return -ENOSYS;
	return __asm_futex_op(op, oparg, oval, uaddr);
}
