// SPDX-License-Identifier: MIT
/*
 * ELF64 RISC-V loader: ET_EXEC at its link address; ET_DYN (PIE,
 * static-pie) at ELF_ET_DYN_BASE; a PT_INTERP interpreter (ld.so) at a
 * base from the mmap area. Everything is mapped into bprm->mm before the
 * point of no return, so a broken file fails execve instead of killing the
 * caller.
 *
 * Each PT_LOAD is a MAP_PRIVATE file mapping with the segment's
 * protection; the file bytes of the page that holds p_vaddr + p_filesz
 * beyond p_filesz are zeroed (that page gets a private copy) and the rest
 * of p_memsz is anonymous memory. brk starts at the page after the
 * program's highest segment.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/fs.h>
#include <shoal/binfmts.h>
#include <shoal/cred.h>
#include <shoal/mm_types.h>
#include <shoal/random.h>
#include <shoal/vdso.h>
#include <shoal/rseq.h>
#include <uapi/elf.h>
#include <uapi/mman.h>
#include <uapi/signal.h>
#include <uapi/time.h>

/* One ELF file being loaded. */
struct elf_image {
	struct file *file;
	Elf64_Ehdr eh;
	Elf64_Phdr *ph;                 /* e_phnum entries, kmalloc'd */
	unsigned long bias;             /* load address - link address */
	unsigned long end;              /* first page after the highest segment (biased) */
};

#define ELF_MIN_ALIGN   PAGE_SIZE
#define ELF_MAX_ALIGN   (1UL << 30)     /* larger p_align values are ignored */
/* AT_HWCAP: one bit per single-letter extension, 'a' = bit 0 (rv64imafdc) */
#define HWCAP_ISA(c)    (1UL << ((c) - 'a'))
#define ELF_HWCAP       (HWCAP_ISA('i') | HWCAP_ISA('m') | HWCAP_ISA('a') | \
			 HWCAP_ISA('f') | HWCAP_ISA('d') | HWCAP_ISA('c'))
#define ELF_CLKTCK      USER_HZ         /* times()'s clock_t, as Linux */
#define AUX_MAX         24              /* auxv pairs, AT_NULL included */

static int elf_check_header(const Elf64_Ehdr *eh)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_RISCV)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum < 1 ||
	    eh->e_phnum > 65536 / sizeof(Elf64_Phdr))
		return -ENOEXEC;
	return 0;
}

static int elf_read(struct file *f, void *buf, size_t len, loff_t pos)
{
	ssize_t n = kernel_read(f, buf, len, &pos);

	if (n < 0)
		return n;
	return (size_t)n == len ? 0 : -EIO;
}

/* Header (from @buf, the file's first bytes) and program headers. */
static int elf_image_init(struct elf_image *img, struct file *file, const char *buf)
{
	size_t size;
	int err;

	img->file = file;
	memcpy(&img->eh, buf, sizeof(img->eh));
	err = elf_check_header(&img->eh);
	if (err)
		return err;
	size = img->eh.e_phnum * sizeof(Elf64_Phdr);
	img->ph = kmalloc(size, GFP_KERNEL);
	if (!img->ph)
		return -ENOMEM;
	err = elf_read(file, img->ph, size, img->eh.e_phoff);
	return err == -EIO ? -ENOEXEC : err;
}

/* Span [lo, hi) of the PT_LOAD segments (link addresses) and their largest
 * alignment; -ENOEXEC for impossible segments. */
static int elf_span(struct elf_image *img, unsigned long *lo, unsigned long *hi,
		    unsigned long *align)
{
	const Elf64_Phdr *ph;
	int i, n = 0;

	*lo = ~0UL;
	*hi = 0;
	*align = ELF_MIN_ALIGN;
	for (i = 0; i < img->eh.e_phnum; i++) {
		ph = &img->ph[i];
		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_filesz > ph->p_memsz || ph->p_memsz > TASK_SIZE ||
		    ph->p_vaddr > TASK_SIZE - ph->p_memsz ||
		    ((ph->p_vaddr - ph->p_offset) & ~PAGE_MASK))
			return -ENOEXEC;
		*lo = min(*lo, ph->p_vaddr & PAGE_MASK);
		*hi = max(*hi, ph->p_vaddr + ph->p_memsz);
		if (ph->p_align > *align && ph->p_align <= ELF_MAX_ALIGN &&
		    !(ph->p_align & (ph->p_align - 1)))
			*align = ph->p_align;
		n++;
	}
	return n ? 0 : -ENOEXEC;
}

static unsigned long elf_prot(const Elf64_Phdr *ph)
{
	return (ph->p_flags & PF_R ? PROT_READ : 0) | (ph->p_flags & PF_W ? PROT_WRITE : 0) |
	       (ph->p_flags & PF_X ? PROT_EXEC : 0);
}

/* The part of p_memsz past the file bytes: zero the rest of the last file
 * page, anonymous pages after it. */
static int elf_map_bss(struct mm_struct *mm, const Elf64_Phdr *ph, unsigned long bias)
{
	unsigned long file_end = ph->p_vaddr + bias + ph->p_filesz;
	unsigned long mem_end = ph->p_vaddr + bias + ph->p_memsz;
	unsigned long anon = PAGE_ALIGN(file_end), ret, tail;

	if (ph->p_filesz == 0 && (file_end & ~PAGE_MASK)) {
		/* No file page: take the whole page unless a previous segment
		 * already maps it, in which case only zero our part. */
		ret = do_mmap_mm(mm, NULL, file_end & PAGE_MASK, PAGE_SIZE, elf_prot(ph),
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, 0);
		if (ret != -EEXIST && IS_ERR_VALUE(ret))
			return ret;
	}
	tail = min(anon, mem_end) - file_end;
	if ((file_end & ~PAGE_MASK) && tail &&
	    access_remote_vm(mm, file_end, NULL, tail, FOLL_WRITE | FOLL_FORCE) != (long)tail)
		return -EFAULT;
	if (mem_end > anon) {
		ret = do_mmap_mm(mm, NULL, anon, mem_end - anon, elf_prot(ph),
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0);
		if (IS_ERR_VALUE(ret))
			return ret;
	}
	return 0;
}

/*
 * Map @img into @mm. ET_DYN goes at @dyn_base, or (dyn_base == 0) wherever
 * the mmap area has room for the whole span, aligned to the largest
 * p_align. Sets img->bias and img->end.
 */
static int elf_map_image(struct mm_struct *mm, struct elf_image *img, unsigned long dyn_base)
{
	unsigned long lo, hi, align, base, ret;
	const Elf64_Phdr *ph;
	int i, err;

	err = elf_span(img, &lo, &hi, &align);
	if (err)
		return err;
	img->bias = 0;
	if (img->eh.e_type == ET_DYN) {
		base = ALIGN(dyn_base, align);
		if (!dyn_base) {
			mutex_lock(&mm->mmap_lock);
			base = get_unmapped_area(mm, 0, PAGE_ALIGN(hi - lo) + align - PAGE_SIZE, 0);
			mutex_unlock(&mm->mmap_lock);
			if (IS_ERR_VALUE(base))
				return base;
			base = ALIGN(base, align);
		}
		img->bias = base - lo;
	}
	if (lo + img->bias < MMAP_MIN_ADDR || hi + img->bias > TASK_SIZE - MMAP_GAP)
		return -ENOEXEC;
	for (i = 0; i < img->eh.e_phnum; i++) {
		ph = &img->ph[i];
		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_filesz) {
			unsigned long start = (ph->p_vaddr + img->bias) & PAGE_MASK;
			unsigned long len = PAGE_ALIGN(ph->p_vaddr + img->bias + ph->p_filesz) - start;

			ret = do_mmap_mm(mm, img->file, start, len, elf_prot(ph),
					 MAP_PRIVATE | MAP_FIXED, ph->p_offset >> PAGE_SHIFT);
			if (IS_ERR_VALUE(ret))
				return ret;
		}
		if (ph->p_memsz > ph->p_filesz) {
			err = elf_map_bss(mm, ph, img->bias);
			if (err)
				return err;
		}
	}
	img->end = PAGE_ALIGN(hi + img->bias);
	return 0;
}

/* User address of the program headers (AT_PHDR), or 0. */
static unsigned long elf_phdr_addr(const struct elf_image *img)
{
	const Elf64_Phdr *ph;
	int i;

	for (i = 0; i < img->eh.e_phnum; i++)
		if (img->ph[i].p_type == PT_PHDR)
			return img->ph[i].p_vaddr + img->bias;
	for (i = 0; i < img->eh.e_phnum; i++) {
		ph = &img->ph[i];
		if (ph->p_type == PT_LOAD && ph->p_offset <= img->eh.e_phoff &&
		    img->eh.e_phoff < ph->p_offset + ph->p_filesz)
			return ph->p_vaddr + (img->eh.e_phoff - ph->p_offset) + img->bias;
	}
	return 0;
}

/* Open and check the PT_INTERP file, if any. 0 (no interpreter: *interp
 * untouched) or -errno. */
static int elf_load_interp_file(struct elf_image *img, struct elf_image *interp)
{
	const Elf64_Phdr *ph = NULL;
	char *path = NULL, *hdr = NULL;
	struct file *file;
	int i, err;

	for (i = 0; i < img->eh.e_phnum && !ph; i++)
		if (img->ph[i].p_type == PT_INTERP)
			ph = &img->ph[i];
	if (!ph)
		return 0;
	if (ph->p_filesz < 2 || ph->p_filesz > PATH_MAX)
		return -ENOEXEC;
	err = -ENOMEM;
	path = kmalloc(ph->p_filesz, GFP_KERNEL);
	hdr = kmalloc(sizeof(Elf64_Ehdr), GFP_KERNEL);
	if (!path || !hdr)
		goto out;
	err = elf_read(img->file, path, ph->p_filesz, ph->p_offset);
	if (err)
		goto out;
	err = -ENOEXEC;
	if (path[ph->p_filesz - 1])
		goto out;
	file = open_exec(path);
	err = PTR_ERR(file);
	if (IS_ERR(file))
		goto out;
	interp->file = file;
	err = elf_read(file, hdr, sizeof(Elf64_Ehdr), 0);
	if (!err)
		err = elf_image_init(interp, file, hdr);
	if (err == -EIO)
		err = -ENOEXEC;         /* truncated interpreter */
out:
	kfree(path);
	kfree(hdr);
	return err;
}

struct elf_info {
	unsigned long entry;            /* program's e_entry (biased) */
	unsigned long phdr;
	unsigned long interp_base;      /* AT_BASE */
	int phnum;
};

/*
 * Below the strings: AT_RANDOM bytes, then (16-byte aligned) argc, argv[],
 * NULL, envp[], NULL, auxv. Returns the new sp or -errno.
 */
static long create_elf_tables(struct linux_binprm *bprm, const struct elf_info *info)
{
	struct mm_struct *mm = bprm->mm;
	unsigned long p = bprm->p, u_rand, sp, addr, *t, *aux;
	int items, i, nstr = bprm->argc + bprm->envc;
	u8 rnd[16];
	long len, err = -EFAULT;

	get_random_bytes(rnd, sizeof(rnd));
	u_rand = (p - sizeof(rnd)) & ~15UL;
	if (access_remote_vm(mm, u_rand, rnd, sizeof(rnd), FOLL_WRITE | FOLL_FORCE) != sizeof(rnd))
		return -EFAULT;
	items = 1 + nstr + 2 + 2 * AUX_MAX;
	sp = (u_rand - items * sizeof(unsigned long)) & ~15UL;
	t = kzalloc(items * sizeof(unsigned long), GFP_KERNEL);
	if (!t)
		return -ENOMEM;

	t[0] = bprm->argc;
	mm->arg_start = addr = bprm->p;
	for (i = 0; i < nstr; i++) {
		if (i == bprm->argc)
			mm->arg_end = mm->env_start = addr;
		t[1 + i + (i >= bprm->argc)] = addr;
		len = strnlen_mm(mm, addr, MAX_ARG_STRLEN);
		if (len < 0)
			goto out;
		addr += len + 1;
	}
	if (!bprm->envc)
		mm->arg_end = mm->env_start = addr;
	mm->env_end = addr;
	aux = &t[1 + nstr + 2];
#define NEW_AUX_ENT(id, val) do { *aux++ = (id); *aux++ = (val); } while (0)
	NEW_AUX_ENT(AT_SYSINFO_EHDR, mm->vdso);
	NEW_AUX_ENT(AT_HWCAP, ELF_HWCAP);
	NEW_AUX_ENT(AT_PAGESZ, PAGE_SIZE);
	NEW_AUX_ENT(AT_CLKTCK, ELF_CLKTCK);
	NEW_AUX_ENT(AT_PHDR, info->phdr);
	NEW_AUX_ENT(AT_PHENT, sizeof(Elf64_Phdr));
	NEW_AUX_ENT(AT_PHNUM, info->phnum);
	NEW_AUX_ENT(AT_BASE, info->interp_base);
	NEW_AUX_ENT(AT_FLAGS, 0);
	NEW_AUX_ENT(AT_ENTRY, info->entry);
	NEW_AUX_ENT(AT_UID, bprm->cred->uid);   /* the ids the program will run with */
	NEW_AUX_ENT(AT_EUID, bprm->cred->euid);
	NEW_AUX_ENT(AT_GID, bprm->cred->gid);
	NEW_AUX_ENT(AT_EGID, bprm->cred->egid);
	NEW_AUX_ENT(AT_SECURE, bprm->secureexec);
	NEW_AUX_ENT(AT_RANDOM, u_rand);
	NEW_AUX_ENT(AT_EXECFN, bprm->exec);
	NEW_AUX_ENT(AT_MINSIGSTKSZ, MINSIGSTKSZ);
	NEW_AUX_ENT(AT_RSEQ_FEATURE_SIZE, RSEQ_FEATURE_SIZE);
	NEW_AUX_ENT(AT_RSEQ_ALIGN, RSEQ_ALIGN);
	NEW_AUX_ENT(AT_NULL, 0);
#undef NEW_AUX_ENT
	len = (char *)aux - (char *)t;
	if (access_remote_vm(mm, sp, t, len, FOLL_WRITE | FOLL_FORCE) != len)
		goto out;
	mm->start_stack = sp;
	err = sp;
out:
	kfree(t);
	return err;
}

int load_elf_binary(struct linux_binprm *bprm)
{
	struct elf_image img = { 0 }, interp = { 0 };
	struct mm_struct *mm = bprm->mm;
	struct elf_info info;
	unsigned long entry;
	long sp;
	int err;

	err = elf_image_init(&img, bprm->file, bprm->buf);
	if (err)
		goto out;
	err = elf_load_interp_file(&img, &interp);
	if (err)
		goto out;
	err = elf_map_image(mm, &img, img.eh.e_type == ET_DYN ? ELF_ET_DYN_BASE : 0);
	if (err)
		goto out;
	mm->start_brk = mm->brk = img.end;
	info.entry = img.eh.e_entry + img.bias;
	info.phdr = elf_phdr_addr(&img);
	info.phnum = img.eh.e_phnum;
	info.interp_base = 0;
	entry = info.entry;
	if (interp.file) {
		err = elf_map_image(mm, &interp, 0);
		if (err)
			goto out;
		info.interp_base = interp.bias;
		entry = interp.eh.e_entry + interp.bias;
	}
	err = -ENOEXEC;
	if (entry >= TASK_SIZE)
		goto out;
	err = arch_setup_additional_pages(mm);   /* [vvar], [vdso] */
	if (!err)
		err = bprm_creds_from_file(bprm);
	if (err)
		goto out;
	sp = create_elf_tables(bprm, &info);
	err = sp;
	if (sp < 0)
		goto out;

	err = begin_new_exec(bprm);     /* the point of no return */
	if (err)
		goto out;
	start_thread(task_pt_regs(current), entry, sp);
out:
	if (interp.file)
		fput(interp.file);
	kfree(interp.ph);
	kfree(img.ph);
	return err;
}
