/*
 * file.c — the program's descriptors: 0, 1 and 2 are the caller's stdin,
 * stdout and stderr on the host (through semihosting: writes reach the host
 * at once and stay separate streams; end of input on the host is read() = 0),
 * plus pipes and epoll instances, which is what Go's netpoller needs (its
 * wake-up pipe; an idle runtime sleeps in epoll_pwait).
 *
 * Other paths open host files read-only, as semihosting reaches them
 * (relative to the directory gorun ran in): openat, read, lseek, fstat and
 * newfstatat work on them; writing, directories' entries and mmap do not.
 *
 * Invariant: fds[n] is NULL or a file with refs counting the descriptors
 * that name it; a pipe lives while either end does. Readiness is level:
 * epoll reports an edge-triggered item again only after its file changed
 * (file->changes moved on since it was last reported).
 */
#include <errno.h>
#include <string.h>
#include "clock.h"
#include "linux.h"
#include "page.h"
#include "semihost.h"

#define MAX_FDS 64
#define MAX_FILES 64
#define MAX_EPOLL_ITEMS 32
#define O_WRONLY 1
#define O_NONBLOCK 0x800
#define O_CLOEXEC 0x80000
#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define EPOLLIN 0x001
#define EPOLLOUT 0x004
#define EPOLLERR 0x008
#define EPOLLHUP 0x010
#define EPOLLRDHUP 0x2000
#define EPOLLET (1u << 31)
#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3
#define SIGPIPE 13

enum file_kind { FILE_HOST, FILE_PIPE_READ, FILE_PIPE_WRITE, FILE_EPOLL };

struct pipe {
	uint8_t *buf; /* one page */
	uint32_t head, tail; /* free-running byte counts: tail - head bytes wait */
	int readers, writers;
};

struct epoll_item {
	int fd;
	struct file *file;
	uint32_t events;
	uint64_t data;
	uint32_t seen; /* file->changes when last reported */
};

struct epoll {
	struct epoll_item items[MAX_EPOLL_ITEMS];
	int count;
};

struct file {
	enum file_kind kind;
	int refs;
	int flags; /* O_WRONLY, O_NONBLOCK */
	uint32_t changes;
	long handle; /* FILE_HOST: the semihosting handle */
	bool opened; /* FILE_HOST: opened by the program (not 0-2): close releases the handle */
	uint64_t pos; /* FILE_HOST, opened: the host file's offset */
	struct pipe *pipe;
	struct epoll *epoll;
};

static struct file files[MAX_FILES];
static struct file *fds[MAX_FDS];
static struct thread *io_waiters; /* blocked on a pipe or in epoll_pwait */

static struct file *file_new(enum file_kind kind)
{
	for (int i = 0; i < MAX_FILES; i++)
		if (!files[i].refs) {
			files[i] = (struct file){.kind = kind, .refs = 1};
			return &files[i];
		}
	return 0;
}

static int fd_install(struct file *f)
{
	for (int fd = 0; fd < MAX_FDS; fd++)
		if (!fds[fd]) {
			fds[fd] = f;
			return fd;
		}
	return -EMFILE;
}

static struct file *fd_file(int fd)
{
	return fd >= 0 && fd < MAX_FDS ? fds[fd] : 0;
}

/* Something about f changed: every waiter looks again. */
static void file_changed(struct file *f)
{
	f->changes++;
	while (io_waiters) {
		struct thread *t = io_waiters;
		io_waiters = t->wait_next;
		task_wake(t->task, 0);
	}
}

static int io_wait(struct thread *t, uint64_t deadline)
{
	t->wait_next = io_waiters;
	io_waiters = t;
	int status = thread_wait(t, deadline);
	for (struct thread **at = &io_waiters; *at; at = &(*at)->wait_next)
		if (*at == t) {
			*at = t->wait_next;
			break;
		}
	return status;
}

void file_init(void)
{
	static const int modes[3] = {0, SEMIHOST_WRITE, SEMIHOST_APPEND};
	for (int fd = 0; fd < 3; fd++) {
		struct file *f = file_new(FILE_HOST);
		f->handle = semihost_open(":tt", modes[fd]);
		f->flags = fd ? O_WRONLY : 0;
		fds[fd] = f;
	}
}

/* Moves n bytes between user memory and a host handle, a page at a time,
   straight from or into the user's pages. */
static long host_io(struct file *f, uint64_t buf, size_t n, bool out)
{
	size_t done = 0;
	while (done < n) {
		size_t room;
		void *p = user_pointer(buf + done, out ? PROT_READ : PROT_WRITE, &room);
		if (!p)
			return done ? (long)done : -EFAULT;
		size_t chunk = n - done < room ? n - done : room;
		long moved = out ? semihost_write(f->handle, p, chunk) : semihost_read(f->handle, p, chunk);
		if (moved < 0)
			return done ? (long)done : -EIO;
		done += moved;
		f->pos += moved;
		if ((size_t)moved < chunk)
			break;
	}
	if (out && harts[0].first_write_instret == 0)
		__asm__ volatile("csrr %0, minstret" : "=r"(harts[0].first_write_instret));
	return (long)done;
}

static long pipe_read(struct thread *t, struct file *f, uint64_t buf, size_t n)
{
	struct pipe *p = f->pipe;
	while (p->tail == p->head) {
		if (!p->writers || !n)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int status = io_wait(t, 0);
		if (status == -EINTR)
			return -EINTR;
	}
	size_t done = 0;
	while (done < n && p->head != p->tail) {
		uint32_t at = p->head % PAGE_SIZE;
		size_t chunk = p->tail - p->head;
		if (chunk > PAGE_SIZE - at)
			chunk = PAGE_SIZE - at;
		if (chunk > n - done)
			chunk = n - done;
		if (copy_to_user(buf + done, p->buf + at, chunk))
			return done ? (long)done : -EFAULT;
		p->head += chunk;
		done += chunk;
	}
	file_changed(f);
	return (long)done;
}

static long pipe_write(struct thread *t, struct file *f, uint64_t buf, size_t n)
{
	struct pipe *p = f->pipe;
	size_t done = 0;
	while (done < n) {
		if (!p->readers) {
			signal_send(t, SIGPIPE, SI_USER, 0);
			return done ? (long)done : -EPIPE;
		}
		size_t space = PAGE_SIZE - (p->tail - p->head);
		if (!space) {
			if (f->flags & O_NONBLOCK)
				return done ? (long)done : -EAGAIN;
			int status = io_wait(t, 0);
			if (status == -EINTR)
				return done ? (long)done : -EINTR;
			continue;
		}
		uint32_t at = p->tail % PAGE_SIZE;
		size_t chunk = space < PAGE_SIZE - at ? space : PAGE_SIZE - at;
		if (chunk > n - done)
			chunk = n - done;
		if (copy_from_user(p->buf + at, buf + done, chunk))
			return done ? (long)done : -EFAULT;
		p->tail += chunk;
		done += chunk;
		file_changed(f);
	}
	return (long)done;
}

long sys_read(struct thread *t, int fd, uint64_t buf, size_t n)
{
	struct file *f = fd_file(fd);
	if (!f || (f->flags & O_WRONLY))
		return -EBADF;
	switch (f->kind) {
	case FILE_HOST: return host_io(f, buf, n, false);
	case FILE_PIPE_READ: return pipe_read(t, f, buf, n);
	default: return -EINVAL;
	}
}

long sys_write(struct thread *t, int fd, uint64_t buf, size_t n)
{
	struct file *f = fd_file(fd);
	if (!f || !(f->flags & O_WRONLY))
		return -EBADF;
	switch (f->kind) {
	case FILE_HOST: return host_io(f, buf, n, true);
	case FILE_PIPE_WRITE: return pipe_write(t, f, buf, n);
	default: return -EINVAL;
	}
}

static void file_release(struct file *f)
{
	if (--f->refs)
		return;
	if (f->kind == FILE_PIPE_READ || f->kind == FILE_PIPE_WRITE) {
		struct pipe *p = f->pipe;
		if (f->kind == FILE_PIPE_READ)
			p->readers--;
		else
			p->writers--;
		if (!p->readers && !p->writers) {
			page_free(p->buf, 1);
			page_free(p, 1);
		}
		file_changed(f);
	} else if (f->kind == FILE_EPOLL) {
		page_free(f->epoll, 1);
	} else if (f->opened) {
		semihost_close(f->handle);
	}
	/* The handles of 0-2 stay open: the host owns the caller's streams. */
}

long sys_close(int fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	fds[fd] = 0;
	for (int i = 0; i < MAX_FILES; i++)
		if (files[i].refs && files[i].kind == FILE_EPOLL) {
			struct epoll *ep = files[i].epoll;
			for (int k = 0; k < ep->count; k++)
				if (ep->items[k].fd == fd)
					ep->items[k--] = ep->items[--ep->count];
		}
	file_release(f);
	return 0;
}

long sys_pipe2(uint64_t out, int flags)
{
	if (flags & ~(O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	struct pipe *p = page_alloc(1);
	uint8_t *buf = page_alloc(1);
	struct file *r = file_new(FILE_PIPE_READ);
	struct file *w = r ? file_new(FILE_PIPE_WRITE) : 0;
	int rfd = -1, wfd = -1;
	if (p && buf && w) {
		rfd = fd_install(r);
		wfd = rfd >= 0 ? fd_install(w) : -1;
	}
	if (wfd < 0) {
		if (rfd >= 0)
			fds[rfd] = 0;
		if (r)
			r->refs = 0;
		if (w)
			w->refs = 0;
		if (p)
			page_free(p, 1);
		if (buf)
			page_free(buf, 1);
		return p && buf && r && w ? -EMFILE : -ENFILE;
	}
	*p = (struct pipe){.buf = buf, .readers = 1, .writers = 1};
	r->pipe = w->pipe = p;
	r->flags = flags & O_NONBLOCK;
	w->flags = O_WRONLY | (flags & O_NONBLOCK);
	int pair[2] = {rfd, wfd};
	if (copy_to_user(out, pair, sizeof pair)) {
		sys_close(rfd);
		sys_close(wfd);
		return -EFAULT;
	}
	return 0;
}

long sys_fcntl(int fd, int cmd, unsigned long arg)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_GETFD:
	case F_SETFD:
		return 0; /* nothing is ever exec'd: close-on-exec has no effect */
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		/* The host's streams stay blocking: reporting them non-blocking
		   would have the runtime poll them with epoll. */
		if (f->kind != FILE_HOST)
			f->flags = (f->flags & ~O_NONBLOCK) | (arg & O_NONBLOCK);
		return 0;
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		for (int n = arg; n >= 0 && n < MAX_FDS; n++)
			if (!fds[n]) {
				fds[n] = f;
				f->refs++;
				return n;
			}
		return -EMFILE;
	default:
		return -EINVAL;
	}
}

long sys_epoll_create1(int flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	struct epoll *ep = page_alloc(1);
	struct file *f = ep ? file_new(FILE_EPOLL) : 0;
	if (!f) {
		if (ep)
			page_free(ep, 1);
		return -ENFILE;
	}
	_Static_assert(sizeof(struct epoll) <= PAGE_SIZE, "an epoll fits its page");
	memset(ep, 0, sizeof *ep);
	f->epoll = ep;
	int fd = fd_install(f);
	if (fd < 0)
		file_release(f);
	return fd;
}

long sys_epoll_ctl(int epfd, int op, int fd, uint64_t event)
{
	struct file *e = fd_file(epfd), *f = fd_file(fd);
	if (!e || !f)
		return -EBADF;
	if (e->kind != FILE_EPOLL || e == f)
		return -EINVAL;
	if (f->kind == FILE_HOST)
		return -EPERM; /* as Linux says of regular files: always ready */
	struct epoll *ep = e->epoll;
	struct { uint32_t events, pad; uint64_t data; } ev = {0};
	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, event, sizeof ev))
		return -EFAULT;
	int i = 0;
	while (i < ep->count && ep->items[i].fd != fd)
		i++;
	switch (op) {
	case EPOLL_CTL_ADD:
		if (i < ep->count)
			return -EEXIST;
		if (ep->count == MAX_EPOLL_ITEMS)
			return -ENOSPC;
		ep->items[ep->count++] = (struct epoll_item){fd, f, ev.events, ev.data, f->changes - 1};
		return 0;
	case EPOLL_CTL_MOD:
		if (i == ep->count)
			return -ENOENT;
		ep->items[i].events = ev.events;
		ep->items[i].data = ev.data;
		ep->items[i].seen = f->changes - 1;
		return 0;
	case EPOLL_CTL_DEL:
		if (i == ep->count)
			return -ENOENT;
		ep->items[i] = ep->items[--ep->count];
		return 0;
	default:
		return -EINVAL;
	}
}

static uint32_t readiness(const struct file *f)
{
	const struct pipe *p = f->pipe;
	if (f->kind == FILE_PIPE_READ)
		return (p->tail != p->head ? EPOLLIN : 0) | (p->writers ? 0 : EPOLLIN | EPOLLHUP | EPOLLRDHUP);
	if (f->kind == FILE_PIPE_WRITE)
		return (p->tail - p->head < PAGE_SIZE ? EPOLLOUT : 0) | (p->readers ? 0 : EPOLLERR);
	return 0;
}

long sys_epoll_pwait(struct thread *t, int epfd, uint64_t events, int max, int timeout_ms)
{
	struct file *e = fd_file(epfd);
	if (!e)
		return -EBADF;
	if (e->kind != FILE_EPOLL || max <= 0)
		return -EINVAL;
	struct epoll *ep = e->epoll;
	uint64_t deadline = timeout_ms > 0 ? nanotime() + (uint64_t)timeout_ms * 1000000u : 0;
	for (;;) {
		int n = 0;
		for (int i = 0; i < ep->count && n < max; i++) {
			struct epoll_item *it = &ep->items[i];
			uint32_t ready = readiness(it->file) & (it->events | EPOLLERR | EPOLLHUP);
			if (!ready || ((it->events & EPOLLET) && it->seen == it->file->changes))
				continue;
			it->seen = it->file->changes;
			struct { uint32_t events, pad; uint64_t data; } ev = {ready, 0, it->data};
			if (copy_to_user(events + n * sizeof ev, &ev, sizeof ev))
				return n ? n : -EFAULT;
			n++;
		}
		if (n || timeout_ms == 0)
			return n;
		int status = io_wait(t, deadline);
		if (status == -ETIMEDOUT)
			return 0;
		if (status == -EINTR)
			return -EINTR;
	}
}

#define AT_FDCWD (-100)
#define AT_EMPTY_PATH 0x1000
#define O_ACCMODE 3
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define S_IFCHR 0020000
#define S_IFREG 0100000

long sys_openat(int dirfd, uint64_t upath, int flags)
{
	char path[256];
	long n = copy_string_from_user(path, upath, sizeof path);
	if (n < 0)
		return n;
	if (!n)
		return -ENOENT;
	if (path[0] != '/' && dirfd != AT_FDCWD)
		return fd_file(dirfd) ? -ENOTDIR : -EBADF;
	if ((flags & O_ACCMODE) != 0)
		return -EROFS; /* the host's files are read-only here */
	struct file *f = file_new(FILE_HOST);
	if (!f)
		return -ENFILE;
	long handle = semihost_open(path, SEMIHOST_READ_BINARY);
	if (handle < 0) {
		f->refs = 0;
		int err = semihost_errno();
		return err > 0 ? -err : -ENOENT;
	}
	f->handle = handle;
	f->opened = true;
	int fd = fd_install(f);
	if (fd < 0)
		file_release(f);
	return fd;
}

long sys_lseek(int fd, int64_t offset, int whence)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (f->kind != FILE_HOST || !f->opened)
		return -ESPIPE;
	int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)f->pos
		     : whence == SEEK_END ? semihost_length(f->handle) : -1;
	if (base < 0 || base + offset < 0)
		return -EINVAL;
	if (semihost_seek(f->handle, base + offset))
		return -EIO;
	f->pos = base + offset;
	return (long)f->pos;
}

/* struct stat of asm-generic (riscv64): 128 bytes, mode at 16, size at 48, blksize at 56. */
static int put_stat(uint64_t buf, uint32_t mode, int64_t size)
{
	uint8_t st[128] = {0};
	int32_t blksize = PAGE_SIZE;
	int64_t blocks = (size + 511) / 512;
	uint32_t nlink = 1;
	memcpy(st + 16, &mode, 4);
	memcpy(st + 20, &nlink, 4);
	memcpy(st + 48, &size, 8);
	memcpy(st + 56, &blksize, 4);
	memcpy(st + 64, &blocks, 8);
	return copy_to_user(buf, st, sizeof st);
}

long sys_fstat(int fd, uint64_t buf)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (f->kind == FILE_HOST && f->opened) {
		long size = semihost_length(f->handle);
		return put_stat(buf, S_IFREG | 0444, size < 0 ? 0 : size) ? -EFAULT : 0;
	}
	/* The console is a character device; pipes and epoll are FIFOs and
	   anonymous inodes on Linux: a FIFO's mode says enough. */
	uint32_t mode = f->kind == FILE_HOST ? S_IFCHR | 0620 : f->kind == FILE_EPOLL ? 0600 : 0010600;
	return put_stat(buf, mode, 0) ? -EFAULT : 0;
}

long sys_newfstatat(int dirfd, uint64_t upath, uint64_t buf, int flags)
{
	char path[256];
	long n = copy_string_from_user(path, upath, sizeof path);
	if (n < 0)
		return n;
	if (!n)
		return flags & AT_EMPTY_PATH ? sys_fstat(dirfd, buf) : -ENOENT;
	int fd = (int)sys_openat(dirfd, upath, 0);
	if (fd < 0)
		return fd;
	long r = sys_fstat(fd, buf);
	sys_close(fd);
	return r;
}
