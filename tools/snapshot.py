#!/usr/bin/env python3
# snapshot.py — takes a RAM snapshot of a firmware, in one of three ways:
#   --port DEVICE        a board on a serial port: asks the running firmware for
#                        a dump over its console UART (include/snapshot.h), or
#                        with --after-panic waits for the one a panic sends;
#   --qemu CMD --uart    the same through the UART of a firmware it boots under
#                        QEMU (on a socket);
#   --qemu CMD           boots the firmware under QEMU and saves its RAM
#                        through QMP (stop + pmemsave).
# Under QEMU it can first wait for a console line and write words into the
# firmware's memory through the gdb stub. A UART dump is saved as the frame
# the firmware sent, for snapshot-check to verify and read.
import argparse
import json
import os
import re
import shlex
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import tty

# The frame, as include/snapshot.h defines it.
REQUEST = b"\xc0\xc1\xf5\xffSNAP"
MAGIC = b"\xf5\xff8266rd"
HEADER_FIXED = 20
RANGE_SIZE = 16
MARK_SIZE = 8
BUILD_ID_MAX = 64
MAX_RANGES = 16
# A dump begins at once (the UART's interrupt sends it): no frame this long
# after a request means the firmware did not hear it.
REQUEST_AGAIN = 2.0


class Console:
    """QEMU's stdout, collected line by line by a thread."""

    def __init__(self, stream):
        self.lines = []
        self.cond = threading.Condition()
        self.closed = False
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for raw in stream:
            with self.cond:
                self.lines.append(raw.decode(errors="replace").rstrip("\r\n"))
                self.cond.notify_all()
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def wait_for(self, pattern, timeout):
        """True once a line matches; False on timeout or when QEMU has gone."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                if any(regex.search(line) for line in self.lines):
                    return True
                left = deadline - time.monotonic()
                if self.closed or left <= 0:
                    return False
                self.cond.wait(left)


    def wait_closed(self, timeout):
        with self.cond:
            self.cond.wait_for(lambda: self.closed, timeout)


def connect(path, timeout):
    """QEMU creates the socket a moment after it starts."""
    deadline = time.monotonic() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            s.settimeout(timeout)
            return s
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Qmp:
    """QEMU Machine Protocol: one JSON object per line, events in between."""

    def __init__(self, path, timeout):
        self.sock = connect(path, timeout)
        self.file = self.sock.makefile("rb")
        self._reply()  # the greeting
        self.execute("qmp_capabilities")

    def _reply(self):
        while True:
            line = self.file.readline()
            if not line:
                raise RuntimeError("QMP connection closed")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def execute(self, command, **arguments):
        request = {"execute": command}
        if arguments:
            request["arguments"] = arguments
        self.sock.sendall(json.dumps(request).encode() + b"\n")
        reply = self._reply()
        if "error" in reply:
            raise RuntimeError("QMP %s: %s" % (command, reply["error"].get("desc")))
        return reply.get("return")


class GdbStub:
    """The gdb remote serial protocol, as much as writing memory needs.
    QEMU stops the machine while a debugger is attached (and says so with a
    stop reply of its own); detaching resumes it."""

    def __init__(self, path, timeout):
        self.sock = connect(path, timeout)
        self.buf = b""

    def _read_packet(self):
        while True:
            m = re.search(rb"\$([^#]*)#[0-9a-fA-F]{2}", self.buf)
            if m:
                self.buf = self.buf[m.end():]
                self.sock.sendall(b"+")
                return m.group(1).decode()
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("gdb stub closed the connection")
            self.buf += chunk

    def _command(self, body):
        checksum = sum(body.encode()) % 256
        self.sock.sendall(b"$%s#%02x" % (body.encode(), checksum))
        while True:
            reply = self._read_packet()
            if not reply.startswith(("T", "S")):
                return reply

    def write_word(self, addr, value, size):
        data = value.to_bytes(size, "little").hex()
        reply = self._command("M%x,%x:%s" % (addr, size, data))
        if reply != "OK":
            raise RuntimeError("gdb stub refused to write 0x%x: %r" % (addr, reply))

    def detach(self):
        self._command("D")
        self.sock.close()


def poke_words(gdb_path, pokes, timeout):
    """Writes each ADDR=VALUE 32-bit word through QEMU's gdb stub."""
    if not pokes:
        return
    gdb = GdbStub(gdb_path, timeout)
    for poke in pokes:
        addr, value = (int(x, 0) for x in poke.split("="))
        gdb.write_word(addr, value, 4)
    gdb.detach()


class Uart:
    """A console UART as a byte stream: a serial device (raw 8N1, no flow
    control) or, under QEMU, a Unix socket."""

    def __init__(self, port, baud, timeout):
        self.sock = self.fd = None
        if port.startswith("unix:"):
            self.sock = connect(port[len("unix:"):], timeout)
            return
        speed = getattr(termios, "B%d" % baud, None)
        if speed is None:
            raise OSError("%d baud is not a speed this system's serial driver knows" % baud)
        self.fd = os.open(port, os.O_RDWR | os.O_NOCTTY)
        try:
            tty.setraw(self.fd)
            attrs = termios.tcgetattr(self.fd)
            attrs[2] = (attrs[2] & ~(termios.CSIZE | termios.PARENB | termios.CSTOPB | termios.CRTSCTS)) \
                | termios.CS8 | termios.CLOCAL | termios.CREAD
            attrs[4] = attrs[5] = speed
            termios.tcsetattr(self.fd, termios.TCSANOW, attrs)
        except termios.error:
            os.close(self.fd)
            raise OSError("not a serial port (a terminal device)")

    def read(self, timeout):
        """Bytes that arrive within timeout seconds (b"" if none); EOFError when closed."""
        if self.sock is not None:
            self.sock.settimeout(max(timeout, 0.001))
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                return b""
        else:
            import select
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return b""
            data = os.read(self.fd, 65536)
        if not data:
            raise EOFError
        return data

    def write(self, data):
        if self.sock is not None:
            self.sock.sendall(data)
        else:
            os.write(self.fd, data)
            termios.tcdrain(self.fd)

    def close(self):
        if self.sock is not None:
            self.sock.close()
        else:
            os.close(self.fd)


class UartConsole:
    """What arrives on the UART: console text, printed line by line as
    "| line", and at most one dump frame, kept as bytes."""

    def __init__(self, uart):
        self.uart = uart
        self.buf = bytearray()
        self.shown = 0  # bytes of buf printed (or taken as the frame)
        self.lines = []
        self.closed = False

    def _pump(self, timeout):
        try:
            data = self.uart.read(timeout)
        except EOFError:
            self.closed = True
            return False
        self.buf += data
        return bool(data)

    def _show(self, upto, partial=False):
        """Prints the lines in buf[shown:upto]; a last line without its
        newline only when partial (the text just before a frame)."""
        chunk = bytes(self.buf[self.shown:upto])
        if not partial:
            chunk = chunk[:chunk.rfind(b"\n") + 1]
        self.shown += len(chunk)
        lines = chunk.decode(errors="replace").replace("\r", "").split("\n")
        if lines[-1] == "":
            lines.pop()
        for line in lines:
            self.lines.append(line)
            sys.stdout.write("| %s\n" % line)
        sys.stdout.flush()

    def wait_for(self, pattern, timeout):
        """True once a console line matches; False on timeout or a closed UART."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        checked = 0
        while True:
            self._show(len(self.buf))
            if any(regex.search(line) for line in self.lines[checked:]):
                return True
            checked = len(self.lines)
            left = deadline - time.monotonic()
            if self.closed or left <= 0:
                return False
            self._pump(min(left, 0.5))

    def frame(self, timeout, idle, request=None):
        """The dump frame: waits up to timeout seconds (0: for ever) for it to
        begin, calling request() now and again until it does (a firmware
        still booting may not have heard the first), then reads until it is
        whole, or until no byte came for idle seconds or the UART closed (a
        frame cut short; snapshot-check says so). Returns (bytes, expected
        length or None, seconds it took)."""
        deadline = time.monotonic() + timeout if timeout else None
        asked = None
        while True:
            at = self.buf.find(MAGIC, self.shown)
            if at >= 0:
                break
            if request and (asked is None or time.monotonic() - asked > REQUEST_AGAIN):
                request()
                asked = time.monotonic()
            self._show(max(len(self.buf) - len(MAGIC), self.shown))
            if self.closed or (deadline and time.monotonic() > deadline):
                return None, None, 0
            self._pump(0.5 if deadline is None else min(0.5, max(deadline - time.monotonic(), 0)))
        self._show(at, partial=True)
        start = time.monotonic()
        want = None
        last = start
        while True:
            got = len(self.buf) - at
            if want is None:
                want = self._frame_length(at)
            if want is not None and got >= want:
                break
            if self.closed or time.monotonic() - last > idle:
                break
            if self._pump(0.2):
                last = time.monotonic()
        taken = time.monotonic() - start
        end = at + (want if want is not None else len(self.buf) - at)
        data = bytes(self.buf[at:end])
        self.shown = min(end, len(self.buf))
        return data, want, taken

    def _frame_length(self, at):
        """The frame's length from its header, once enough of it is here;
        None while it is not, or when its counts are beyond any frame (a
        damaged header: read until the link goes quiet)."""
        b = self.buf
        if len(b) - at < HEADER_FIXED:
            return None
        id_size, ranges, chunk = struct.unpack_from("<HHI", b, at + 12)
        if id_size > BUILD_ID_MAX or ranges > MAX_RANGES or chunk == 0:
            return None
        header = HEADER_FIXED + id_size + ranges * RANGE_SIZE + 4
        if len(b) - at < header:
            return None
        total = header + MARK_SIZE
        for i in range(ranges):
            _, size = struct.unpack_from("<QQ", b, at + HEADER_FIXED + id_size + i * RANGE_SIZE)
            total += size + 4 * ((size + chunk - 1) // chunk)
        return total

    def drain(self, timeout):
        """Shows what follows the frame until the UART is quiet or closed."""
        deadline = time.monotonic() + timeout
        while not self.closed and time.monotonic() < deadline and self._pump(0.3):
            pass
        self._show(len(self.buf), partial=True)


def uart_snapshot(uart, args, before_request=None):
    """Asks for (or, after a panic, waits for) a dump frame and saves it."""
    console = UartConsole(uart)
    if args.wait and not console.wait_for(args.wait, args.timeout):
        raise RuntimeError("no console line matching %r" % args.wait)
    if before_request:
        before_request(console)
    if args.after_panic:
        data, want, taken = console.frame(args.panic_timeout, args.idle)
    else:
        data, want, taken = console.frame(args.timeout, args.idle, lambda: uart.write(REQUEST))
    if data is None:
        raise RuntimeError("no dump frame arrived%s" % (
            "" if args.after_panic and not args.panic_timeout else " within %g s" % args.timeout))
    with open(args.out, "wb") as f:
        f.write(data)
    rate = len(data) / taken if taken > 0 else 0
    sys.stderr.write("snapshot: dump frame of %d bytes in %.2f s (%.0f bytes/s) saved in %s\n"
                     % (len(data), taken, rate, args.out))
    if want is not None and len(data) < want:
        sys.stderr.write("snapshot: the frame stopped after %d of its %d bytes\n" % (len(data), want))
    elif want is None:
        sys.stderr.write("snapshot: the frame's header is unreadable; kept the %d bytes that came\n" % len(data))
    return console


def from_port(args):
    try:
        uart = Uart(args.port, args.baud, args.timeout)
    except OSError as e:
        sys.stderr.write("snapshot: cannot open %s: %s (is the board plugged in, and the port this one?)\n"
                         % (args.port, e.strerror or e))
        sys.exit(2)
    try:
        console = uart_snapshot(uart, args)
        console.drain(0.5)
    except RuntimeError as e:
        sys.stderr.write("snapshot: %s: is the firmware running, and on this port at %d baud?\n"
                         % (e, args.baud))
        sys.exit(2)
    finally:
        uart.close()


def from_qemu_uart(args):
    """Boots the firmware under QEMU with its UART on a socket, and takes the
    dump through it as from a board."""
    tmp = tempfile.mkdtemp(prefix="snapshot-")
    uart_path, gdb_path = os.path.join(tmp, "uart.sock"), os.path.join(tmp, "gdb.sock")
    cmd = [a for a in shlex.split(args.qemu) if a != "-nographic"] + [
        "-display", "none",
        "-chardev", "socket,id=u0,path=%s,server=on,wait=on" % uart_path, "-serial", "chardev:u0",
        "-gdb", "unix:%s,server=on,wait=off" % gdb_path,
        "-kernel", args.elf]
    qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    uart = None

    def poke(console):
        poke_words(gdb_path, args.poke, args.timeout)
        if args.then and not console.wait_for(args.then, args.timeout):
            raise RuntimeError("no console line matching %r" % args.then)

    try:
        uart = Uart("unix:" + uart_path, args.baud, args.timeout)
        console = uart_snapshot(uart, args, poke)
        if args.after_panic:
            console.drain(args.timeout)
            status = qemu.wait(args.timeout)
            sys.stderr.write("snapshot: the firmware exited with status %d\n" % status)
        else:
            console.drain(0.2)
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
        sys.stderr.write("snapshot: %s\n" % e)
        sys.exit(2)
    finally:
        if qemu.poll() is None:
            qemu.kill()
        qemu.wait()
        if uart:
            uart.close()
        for path in (uart_path, gdb_path):
            if os.path.exists(path):
                os.unlink(path)
        os.rmdir(tmp)


def main():
    p = argparse.ArgumentParser(description="Take a RAM snapshot of a firmware: from a board over its "
                                "console UART, or from QEMU through its UART or QMP.")
    p.add_argument("--port", help="the board's serial port (e.g. /dev/ttyUSB0)")
    p.add_argument("--baud", type=int, default=115200, help="the console's rate (default 115200)")
    p.add_argument("--after-panic", action="store_true",
                   help="send no request: wait for the dump that follows a panic report")
    p.add_argument("--panic-timeout", type=float, default=0,
                   help="with --after-panic: seconds to wait for it (default: for ever)")
    p.add_argument("--idle", type=float, default=3,
                   help="seconds without a byte after which a dump is taken as cut short")
    p.add_argument("--qemu", help="the QEMU command line, without -kernel")
    p.add_argument("--uart", action="store_true", help="under QEMU: take the dump through the UART, not QMP")
    p.add_argument("--elf", help="the firmware QEMU boots")
    p.add_argument("--out", required=True, help="file for the RAM bytes, or the UART dump frame")
    p.add_argument("--base", type=lambda s: int(s, 0), default=0x3FFE8000)
    p.add_argument("--size", type=lambda s: int(s, 0), default=0x18000)
    p.add_argument("--wait", help="regex of the console line that means 'steady state'")
    p.add_argument("--poke", action="append", default=[], metavar="ADDR=VALUE",
                   help="write a 32-bit word (gdb stub) once --wait matched")
    p.add_argument("--then", help="regex of the console line to wait for after the pokes")
    p.add_argument("--settle", type=float, default=0.2, help="seconds to let it run before the snapshot")
    p.add_argument("--timeout", type=float, default=30)
    args = p.parse_args()
    if args.port:
        if args.qemu or args.poke or args.then:
            p.error("--qemu, --poke and --then are for a firmware under QEMU, not a board on --port")
        return from_port(args)
    if not args.qemu or not args.elf:
        p.error("give the board's --port, or --qemu and --elf")
    if args.uart:
        return from_qemu_uart(args)

    tmp = tempfile.mkdtemp(prefix="snapshot-")
    qmp_path, gdb_path = os.path.join(tmp, "qmp.sock"), os.path.join(tmp, "gdb.sock")
    cmd = shlex.split(args.qemu) + [
        "-qmp", "unix:%s,server=on,wait=off" % qmp_path,
        "-gdb", "unix:%s,server=on,wait=off" % gdb_path,
        "-kernel", args.elf]
    qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    console = Console(qemu.stdout)

    def fail(why):
        if qemu.poll() is None:
            qemu.kill()
        status = qemu.wait()
        console.wait_closed(5)
        sys.stderr.write("snapshot: %s (QEMU status %d); console:\n" % (why, status))
        sys.stderr.write("".join("| %s\n" % line for line in console.lines))
        sys.exit(2)

    try:
        if args.wait and not console.wait_for(args.wait, args.timeout):
            fail("no console line matching %r" % args.wait)
        poke_words(gdb_path, args.poke, args.timeout)
        if args.then and not console.wait_for(args.then, args.timeout):
            fail("no console line matching %r" % args.then)
        time.sleep(args.settle)
        if qemu.poll() is not None:
            fail("the firmware ended before the snapshot")
        qmp = Qmp(qmp_path, args.timeout)
        qmp.execute("stop")
        qmp.execute("pmemsave", val=args.base, size=args.size, filename=os.path.abspath(args.out))
        qmp.execute("quit")
        qemu.wait(args.timeout)
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
        fail(str(e))
    finally:
        for path in (qmp_path, gdb_path):
            if os.path.exists(path):
                os.unlink(path)
        os.rmdir(tmp)
    sys.stdout.write("".join("| %s\n" % line for line in console.lines))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.stderr.write("snapshot: interrupted, no dump saved\n")
        sys.exit(130)
