#!/usr/bin/env python3
# snapshot.py — boots a firmware under QEMU, waits for it to reach a state
# (a console line), optionally writes words into its memory through the gdb
# stub, then saves its RAM to a file through QMP (stop + pmemsave) and quits.
import argparse
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time


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


def main():
    p = argparse.ArgumentParser(description="Take a RAM snapshot of a firmware running under QEMU.")
    p.add_argument("--qemu", required=True, help="the QEMU command line, without -kernel")
    p.add_argument("--elf", required=True)
    p.add_argument("--out", required=True, help="file for the RAM bytes")
    p.add_argument("--base", type=lambda s: int(s, 0), default=0x3FFE8000)
    p.add_argument("--size", type=lambda s: int(s, 0), default=0x18000)
    p.add_argument("--wait", help="regex of the console line that means 'steady state'")
    p.add_argument("--poke", action="append", default=[], metavar="ADDR=VALUE",
                   help="write a 32-bit word (gdb stub) once --wait matched")
    p.add_argument("--then", help="regex of the console line to wait for after the pokes")
    p.add_argument("--settle", type=float, default=0.2, help="seconds to let it run before the snapshot")
    p.add_argument("--timeout", type=float, default=30)
    args = p.parse_args()

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
        if args.poke:
            gdb = GdbStub(gdb_path, args.timeout)
            for poke in args.poke:
                addr, value = (int(x, 0) for x in poke.split("="))
                gdb.write_word(addr, value, 4)
            gdb.detach()
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
    main()
