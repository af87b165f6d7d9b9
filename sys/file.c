/*
 * file.c — picolibc's file hooks (open, read, write, close, lseek, fstat,
 * isatty, fcntl) over the device registry. Every failure sets errno and
 * returns -1: EBADF for a descriptor that is not open or not open for that
 * direction, ENOENT for an unknown device, EMFILE when the table is full,
 * EAGAIN and ETIMEDOUT from the device, ESPIPE for seeks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "device.h"
#include "fd.h"
#include "sys.h"

#define FILES 8
#define DEV_PREFIX "/dev/"

struct file {
	struct device *dev;
	int flags; /* O_ACCMODE bits and O_NONBLOCK */
	uint64_t read_timeout;
};

static struct file files[FILES];

int sys_error(long err)
{
	errno = (int)-err;
	return -1;
}

/* The open file behind fd; 0, 1 and 2 open on the console at first use. */
static struct file *lookup(int fd)
{
	if (fd < 0 || fd >= FILES)
		return 0;
	if (!files[fd].dev && fd <= 2) {
		files[fd].dev = sys_console();
		files[fd].flags = fd == 0 ? O_RDONLY : O_WRONLY;
	}
	return files[fd].dev ? &files[fd] : 0;
}

int open(const char *path, int flags, ...)
{
	if (strncmp(path, DEV_PREFIX, strlen(DEV_PREFIX)) != 0)
		return sys_error(-ENOENT);
	struct device *dev = device_find(path + strlen(DEV_PREFIX));
	if (!dev)
		return sys_error(-ENOENT);
	int fd = 3;
	while (fd < FILES && files[fd].dev)
		fd++;
	if (fd == FILES)
		return sys_error(-EMFILE);
	int err = device_open(dev);
	if (err)
		return sys_error(err);
	files[fd] = (struct file){dev, flags & (O_ACCMODE | O_NONBLOCK), 0};
	return fd;
}

ssize_t read(int fd, void *buf, size_t n)
{
	struct file *f = lookup(fd);
	if (!f || (f->flags & O_ACCMODE) == O_WRONLY)
		return sys_error(-EBADF);
	struct io_mode mode = {(f->flags & O_NONBLOCK) != 0, f->read_timeout};
	long got = device_read(f->dev, buf, n, &mode);
	return got < 0 ? sys_error(got) : got;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	struct file *f = lookup(fd);
	if (!f || (f->flags & O_ACCMODE) == O_RDONLY)
		return sys_error(-EBADF);
	if (fd == 1 || fd == 2)
		stdio_flush(); /* keep printf's bytes ahead of these */
	struct io_mode mode = {(f->flags & O_NONBLOCK) != 0, 0};
	long put = device_write(f->dev, buf, n, &mode);
	return put < 0 ? sys_error(put) : put;
}

int close(int fd)
{
	struct file *f = lookup(fd);
	if (!f)
		return sys_error(-EBADF);
	int err = device_close(f->dev);
	memset(f, 0, sizeof *f);
	return err ? sys_error(err) : 0;
}

off_t lseek(int fd, off_t offset, int whence)
{
	(void)offset;
	(void)whence;
	return lookup(fd) ? sys_error(-ESPIPE) : sys_error(-EBADF);
}

int fstat(int fd, struct stat *st)
{
	if (!lookup(fd))
		return sys_error(-EBADF);
	memset(st, 0, sizeof *st);
	st->st_mode = S_IFCHR | 0666; /* every device is a character device */
	return 0;
}

int isatty(int fd)
{
	if (!lookup(fd))
		return sys_error(-EBADF);
	return 1;
}

int fcntl(int fd, int cmd, ...)
{
	struct file *f = lookup(fd);
	if (!f)
		return sys_error(-EBADF);
	if (cmd == F_GETFL)
		return f->flags;
	if (cmd != F_SETFL)
		return sys_error(-EINVAL);
	va_list args;
	va_start(args, cmd);
	int flags = va_arg(args, int);
	va_end(args);
	f->flags = (f->flags & O_ACCMODE) | (flags & O_NONBLOCK);
	return 0;
}

int fd_control(int fd, unsigned request, void *arg)
{
	struct file *f = lookup(fd);
	if (!f)
		return sys_error(-EBADF);
	if (request == FD_SET_READ_TIMEOUT) {
		f->read_timeout = *(const uint64_t *)arg;
		return 0;
	}
	int err = device_control(f->dev, request, arg);
	return err ? sys_error(err) : 0;
}

/* No file system: only devices exist, under /dev. */
int stat(const char *path, struct stat *st)
{
	if (strncmp(path, DEV_PREFIX, strlen(DEV_PREFIX)) != 0 || !device_find(path + strlen(DEV_PREFIX)))
		return sys_error(-ENOENT);
	memset(st, 0, sizeof *st);
	st->st_mode = S_IFCHR | 0666;
	return 0;
}

int unlink(const char *path)
{
	(void)path;
	return sys_error(-ENOSYS);
}
