#!/usr/bin/env python3
"""uart_flood.py — drives tests/target/uart_echo.c through QEMU's UART socket.

usage: uart_flood.py SOCKET COMMAND [+ COMMAND ...], a COMMAND being
       echo N        -> prints "echo ok BYTES SECONDS" or what went wrong
       stall N MS P  -> relays the firmware's "stalled:" line (P: 0 flow
                        control, 1 drop)
The session ends with "quit". Exit status 0 only if every exchange completed.
"""
import socket
import sys
import threading
import time


def pattern(n):
    """uart_echo.c's stream_byte(): no short period, so gaps show."""
    return bytes(((i * 2654435761) & 0xFFFFFFFF) >> 24 for i in range(n))


class Link:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        for _ in range(200):
            try:
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.05)
        else:
            sys.exit("cannot connect to " + path)
        self.sock.settimeout(60)
        self.pending = b""

    def line(self):
        while b"\n" not in self.pending:
            chunk = self.sock.recv(65536)
            if not chunk:
                sys.exit("firmware closed the UART; got " + repr(self.pending[-200:]))
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line.rstrip(b"\r").decode(errors="replace")

    def wait_ready(self):
        while True:
            line = self.line()
            if line == "ready":
                return
            print("# firmware: " + line)


def echo(link, n):
    data = pattern(n)
    link.sock.sendall(("echo %d\n" % n).encode())
    start = time.monotonic()
    sender = threading.Thread(target=link.sock.sendall, args=(data,))
    sender.start()
    got = bytearray(link.pending)
    link.pending = b""
    while len(got) < n:
        chunk = link.sock.recv(65536)
        if not chunk:
            break
        got += chunk
    seconds = time.monotonic() - start
    sender.join()
    link.pending = bytes(got[n:])
    echoed = bytes(got[:n])
    if echoed != data:
        first = next((i for i in range(min(len(echoed), n)) if echoed[i] != data[i]), min(len(echoed), n))
        print("echo failed: %d of %d bytes back, first difference at %d" % (len(echoed), n, first))
        return False
    summary = link.line()
    print("echo ok %d %.3f (%s)" % (n, seconds, summary))
    return summary == "echoed %d" % n


def stall(link, n, ms, policy):
    link.sock.sendall(("stall %d %d %d\n" % (n, ms, policy)).encode())
    while link.line() != "stalling":
        pass
    sender = threading.Thread(target=link.sock.sendall, args=(pattern(n),))
    sender.start()  # with flow control it blocks until the firmware reads
    summary = link.line()
    sender.join()
    print(summary)
    return summary.startswith("stalled:")


def main():
    link = Link(sys.argv[1])
    commands = " ".join(sys.argv[2:]).split("+")
    ok = True
    for command in commands:
        words = command.split()
        args = [int(a) for a in words[1:]]
        link.wait_ready()
        ok = (echo(link, *args) if words[0] == "echo" else stall(link, *args)) and ok
    link.wait_ready()
    link.sock.sendall(b"quit\n")
    try:
        while True:
            print("# firmware: " + link.line())
    except SystemExit:
        pass
    sys.exit(0 if ok else 1)


main()
