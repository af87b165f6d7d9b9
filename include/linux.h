/*
 * linux.h — the Linux personality (rv64 only): what the files of linux/
 * share. A static linux/riscv64 Go binary runs in U-mode under Sv39 paging;
 * each of its threads is a task of the one scheduler whose body enters user
 * mode, takes the trap back, handles it, and loops (linux/thread.c).
 *
 *   linux/entry.S    user_enter / the U-mode trap path, FP save and restore
 *   linux/boot.c     main: the launch file, ELF load, first thread
 *   linux/semihost.c host files and the host's stdin/stdout/stderr
 *   linux/elf.c      PT_LOAD segments and the initial stack with auxv
 *   linux/vm.c       the address space: VMAs, page tables, faults, user copies
 *   linux/thread.c   threads, clone, exit, futex, the trap loop
 *   linux/signal.c   sigaction, masks, altstacks, delivery, sigreturn
 *   linux/file.c     descriptors: the console, host files (read-only), pipes, epoll
 *   linux/syscall.c  the table, dispatch and GORUN_TRACE
 *   linux/time.c     clocks and sleeps
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "task.h"

/* The saved user context. Field offsets are used by linux/entry.S. */
struct user_frame {
	unsigned long x[32]; /* x[0] holds pc: x0 needs no slot */
	uint64_t f[32];      /* 256 */
	unsigned long fcsr;  /* 512 */
	unsigned long kernel_sp; /* 520: the kernel context user_enter left */
	unsigned long cause, tval; /* 528, 536 */
};

#define REG_PC 0
#define REG_RA 1
#define REG_SP 2
#define REG_A0 10
#define REG_A7 17

/* Returns mcause when the user code traps (the frame holds its state), or
   SYSCALL_HANDLED after the fast path ran a syscall and then found a
   signal to deliver. */
unsigned long user_enter(struct user_frame *f);
#define SYSCALL_HANDLED 0x100
/* From linux/entry.S on an ecall, with x1, x3-x7, x10-x17, x28-x31, sp and
   pc (not yet advanced) in the frame: 0 to return to user mode at once,
   else what user_enter is to return (the frame then completed). */
unsigned long syscall_fast(struct user_frame *f);
void user_fp_save(struct user_frame *f);
void user_fp_restore(const struct user_frame *f);
void linux_trap_vector(void);

/* Linux's signal numbers (asm-generic) that the kernel itself raises or treats specially. */
#define SIGILL 4
#define SIGTRAP 5
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGSEGV 11
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGURG 23
#define SIGWINCH 28
#define NSIG 64
#define SI_USER 0
#define SI_TKILL (-6)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define ILL_ILLOPC 1

struct sigaltstack_state {
	uint64_t sp, size;
	int flags;
};

struct thread {
	struct user_frame frame; /* first: entry.S gets it from mscratch */
	struct task *task;
	int tid;
	uint64_t sigmask, pending;
	struct { int code; uint64_t addr; int pid; } info[NSIG]; /* per pending signal */
	struct sigaltstack_state altstack;
	struct thread *wait_next; /* on a futex or an epoll wait list */
	uint64_t wait_key;        /* the futex's user address */
	bool waiting;             /* blocked where a signal may interrupt (EINTR) */
	struct thread *all_next;
};

/* Per hart: whose FP registers the hardware holds. */
struct hart {
	struct thread *fp_owner;
	uint64_t first_write_instret; /* minstret at the program's first write to fd 1 or 2 */
};
extern struct hart harts[1];

/* thread.c */
extern struct thread *threads; /* every live thread */
extern int process_id;
struct thread *thread_current(void);
bool task_is_thread(const struct task *t);
struct thread *thread_find(int tid);
int thread_start_first(uint64_t pc, uint64_t sp);
long sys_clone(struct thread *t, unsigned long flags, uint64_t stack);
long sys_exit(struct thread *t, int status);
__attribute__((noreturn)) void process_exit(int status);
long sys_futex(struct thread *t, uint64_t uaddr, int op, uint32_t val, uint64_t timeout);
/* Blocks the calling thread until deadline (0: none) or a wake; a signal
   for it ends the wait with -EINTR. Interrupts masked. */
int thread_wait(struct thread *t, uint64_t deadline);

/* vm.c — addresses are user virtual addresses. */
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define USER_TOP 0x4000000000ull /* Sv39: user space is the lower half of 2^39 */
#define USER_STACK_TOP 0x3ffff00000ull
#define USER_STACK_SIZE (8ull << 20)
#define SIGRETURN_PAGE 0x3ffffff000ull
#define MMAP_TOP (USER_STACK_TOP - USER_STACK_SIZE - (1ull << 20))
void vm_init(void);
int vm_map(uint64_t addr, uint64_t len, int prot);     /* a VMA, pages come on demand */
int vm_map_page(uint64_t addr, void *page, int prot); /* a given kernel page */
int vm_unmap(uint64_t addr, uint64_t len);
int vm_protect(uint64_t addr, uint64_t len, int prot);
int vm_discard(uint64_t addr, uint64_t len); /* MADV_DONTNEED: zero-fill again */
uint64_t vm_find_free(uint64_t len);           /* 0 when no gap fits */
bool vm_range_free(uint64_t addr, uint64_t len);
/* A user fault: 0 when the page is now mapped, else the si_code for SIGSEGV. */
int vm_fault(uint64_t addr, int access);
int copy_from_user(void *dst, uint64_t src, size_t n);  /* 0 or -EFAULT */
int copy_to_user(uint64_t dst, const void *src, size_t n);
long copy_string_from_user(char *dst, uint64_t src, size_t n); /* length, or -EFAULT / -ENAMETOOLONG */
/* The kernel address of user byte addr, mapped for access, or 0; *room is how many bytes follow in its page. */
void *user_pointer(uint64_t addr, int access, size_t *room);
struct vm_stats { uint32_t user_pages, table_pages, vmas, peak_vmas; };
void vm_get_stats(struct vm_stats *s);

/* elf.c */
struct launch {
	int argc, envc;
	char **argv, **envp;
};
/* Loads the ELF from host handle fd; sets *entry and *sp for the first thread. */
int elf_load(int fd, const struct launch *l, uint64_t *entry, uint64_t *sp);

/* signal.c */
long sys_rt_sigaction(struct thread *t, int sig, uint64_t act, uint64_t oldact, size_t size);
long sys_rt_sigprocmask(struct thread *t, int how, uint64_t set, uint64_t oldset, size_t size);
long sys_sigaltstack(struct thread *t, uint64_t ss, uint64_t old);
long sys_rt_sigreturn(struct thread *t);
long sys_kill(int pid, int sig);
long sys_tgkill(int tgid, int tid, int sig);
/* A signal for thread t (code, addr: siginfo's si_code and si_addr). */
void signal_send(struct thread *t, int sig, int code, uint64_t addr);
/* Before returning to user mode: runs the handler of a pending signal. */
void signal_deliver(struct thread *t);

/* file.c */
void file_init(void);
long sys_read(struct thread *t, int fd, uint64_t buf, size_t n);
long sys_write(struct thread *t, int fd, uint64_t buf, size_t n);
long sys_close(int fd);
long sys_openat(int dirfd, uint64_t path, int flags);
long sys_lseek(int fd, int64_t offset, int whence);
long sys_fstat(int fd, uint64_t buf);
long sys_newfstatat(int dirfd, uint64_t path, uint64_t buf, int flags);
long sys_pipe2(uint64_t fds, int flags);
long sys_fcntl(int fd, int cmd, unsigned long arg);
long sys_epoll_create1(int flags);
long sys_epoll_ctl(int epfd, int op, int fd, uint64_t event);
long sys_epoll_pwait(struct thread *t, int epfd, uint64_t events, int max, int timeout_ms);

/* time.c */
void time_init(void);
long sys_clock_gettime(int clock, uint64_t ts);
long sys_nanosleep(struct thread *t, uint64_t req, uint64_t rem);

/* syscall.c */
extern bool linux_trace;
void syscall_dispatch(struct thread *t);
