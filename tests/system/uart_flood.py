#!/usr/bin/env python3
"""uart_flood.py — drives tests/target/uart_echo.c through QEMU's UART socket.

usage: uart_flood.py SOCKET COMMAND [+ COMMAND ...], a COMMAND being
       echo N        -> prints "echo ok BYTES SECONDS" or what went wrong
       stall N P     -> relays the firmware's "stalled:" line (P: 0 flow
                        control, 1 drop)
The session ends with "quit". Exit status 0 only if every exchange completed.
How long an exchange takes never decides it: a loaded machine may run the
firmware many times slower. Only a link that moves no byte either way for
STALLED seconds is taken for a hung firmware, and fails the session.
"""
import socket
import sys
import threading
import time

# Far beyond any pause on a loaded machine (the firmware's own limits, in
# uart_echo.c, are 60 s): only a hang reaches it.
STALLED = 180


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
        self.sock.settimeout(STALLED)  # per call: a limit on no progress
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


class Sender(threading.Thread):
    """Sends data beside the reader. Each send() waits at most STALLED for
    room (sendall's timeout would bound the whole transfer instead, and fail
    a slow one); a stalled send is kept as the error."""

    def __init__(self, sock, data):
        super().__init__(daemon=True)  # a hung send must not keep us alive
        self.sock, self.data, self.error = sock, memoryview(data), None
        self.start()

    def run(self):
        try:
            while self.data:
                self.data = self.data[self.sock.send(self.data[:65536]):]
        except OSError as e:
            self.error = "%s with %d bytes left to send" % (e, len(self.data))

    def finish(self):
        """Waits for the last byte to go; False (and says why) if it did not."""
        self.join()
        if self.error:
            print("send failed: " + self.error)
        return self.error is None


def echo(link, n):
    data = pattern(n)
    link.sock.sendall(("echo %d\n" % n).encode())
    start = time.monotonic()
    sender = Sender(link.sock, data)
    got = bytearray(link.pending)
    link.pending = b""
    while len(got) < n:
        chunk = link.sock.recv(65536)
        if not chunk:
            break
        got += chunk
    seconds = time.monotonic() - start
    if not sender.finish():
        return False
    link.pending = bytes(got[n:])
    echoed = bytes(got[:n])
    if echoed != data:
        first = next((i for i in range(min(len(echoed), n)) if echoed[i] != data[i]), min(len(echoed), n))
        print("echo failed: %d of %d bytes back, first difference at %d" % (len(echoed), n, first))
        return False
    summary = link.line()
    print("echo ok %d %.3f (%s)" % (n, seconds, summary))
    return summary == "echoed %d" % n


def stall(link, n, policy):
    link.sock.sendall(("stall %d %d\n" % (n, policy)).encode())
    while link.line() != "stalling":
        pass
    sender = Sender(link.sock, pattern(n))  # flow control holds it off for a while
    summary = link.line()
    print(summary)
    return sender.finish() and summary.startswith("stalled:")


def main():
    link = Link(sys.argv[1])
    commands = " ".join(sys.argv[2:]).split("+") + ["quit"]
    ok = True
    for command in commands:
        words = command.split()
        args = [int(a) for a in words[1:]]
        try:
            link.wait_ready()
            if words[0] == "quit":
                link.sock.sendall(b"quit\n")
                while True:  # to the end of the firmware's output
                    print("# firmware: " + link.line())
            ok = (echo(link, *args) if words[0] == "echo" else stall(link, *args)) and ok
        except TimeoutError:
            sys.exit("%s: no byte from the firmware for %d s: it hangs" % (command.strip(), STALLED))
        except SystemExit:  # the firmware closed the UART: it has ended
            if words[0] != "quit":
                raise
    sys.exit(0 if ok else 1)


main()
