#!/usr/bin/env python3
"""type_lines.py — types lines into a firmware's UART the way a person would:
after the firmware has printed PROMPT. Prints everything the firmware sends
until it closes the connection (QEMU exited).

usage: type_lines.py SOCKET PROMPT LINE...
"""
import socket
import sys
import time


def main():
    path, prompt, lines = sys.argv[1], sys.argv[2].encode(), sys.argv[3:]
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for _ in range(200):
        try:
            sock.connect(path)
            break
        except OSError:
            time.sleep(0.05)
    else:
        sys.exit("cannot connect to " + path)
    sock.settimeout(60)
    seen = b""
    typed = False
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            break
        seen += chunk
        if not typed and prompt in seen:
            for line in lines:
                sock.sendall(line.encode() + b"\n")
            typed = True
    sys.stdout.write(seen.decode(errors="replace").replace("\r", ""))
    sys.exit(0 if typed else 1)


main()
