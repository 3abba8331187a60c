/* SPDX-License-Identifier: MIT */
/* The signal return trampoline: the kernel points a handler's ra here. */
	.text
	.globl __vdso_rt_sigreturn
	.type __vdso_rt_sigreturn, @function
__vdso_rt_sigreturn:
	.cfi_startproc
	.cfi_signal_frame
	li a7, 139                      /* __NR_rt_sigreturn */
	ecall
	.cfi_endproc
	.size __vdso_rt_sigreturn, . - __vdso_rt_sigreturn
