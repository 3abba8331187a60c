// SPDX-License-Identifier: MIT
/*
 * "#!interpreter [one argument]" scripts. The new argv is
 *   interpreter [argument] script-path original-argv[1..]
 * (the whole rest of the line, trimmed, is one argument, as Linux), and the
 * interpreter is loaded in the script's place; nesting is limited by
 * BINPRM_MAX_RECURSION (then -ELOOP).
 */
#include <shoal/kernel.h>
#include <shoal/fs.h>
#include <shoal/binfmts.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int load_script(struct linux_binprm *bprm)
{
	char line[BINPRM_BUF_SIZE], *interp, *arg, *end;
	struct file *file;
	char *name;
	int err;

	if (bprm->buf[0] != '#' || bprm->buf[1] != '!')
		return -ENOEXEC;
	memcpy(line, bprm->buf + 2, BINPRM_BUF_SIZE - 2);
	line[BINPRM_BUF_SIZE - 2] = 0;
	end = strchr(line, '\n');
	if (end)
		*end = 0;
	else if (strnlen(line, BINPRM_BUF_SIZE - 2) >= BINPRM_BUF_SIZE - 3)
		return -ENOEXEC;        /* the line does not fit: do not guess */
	for (interp = line; is_blank(*interp); interp++)
		;
	if (!*interp)
		return -ENOEXEC;
	for (arg = interp; *arg && !is_blank(*arg); arg++)
		;
	if (*arg)
		*arg++ = 0;
	while (is_blank(*arg))
		arg++;
	for (end = arg + strlen(arg); end > arg && is_blank(end[-1]); end--)
		end[-1] = 0;

	err = remove_arg_zero(bprm);
	if (!err)
		err = copy_string_kernel(bprm->interp, bprm);
	if (!err && *arg) {
		bprm->argc++;
		err = copy_string_kernel(arg, bprm);
	}
	if (!err)
		err = copy_string_kernel(interp, bprm);
	if (err)
		return err;
	bprm->argc += 2;

	name = kstrdup(interp, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	kfree(bprm->interp_buf);
	bprm->interp = bprm->interp_buf = name;
	file = open_exec(name);
	if (IS_ERR(file))
		return PTR_ERR(file);
	fput(bprm->file);
	bprm->file = file;
	err = prepare_binprm(bprm);
	if (err)
		return err;
	bprm->recursion++;
	return search_binary_handler(bprm);
}
