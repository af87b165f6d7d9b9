#!/usr/bin/env python3
# frame_damage.py CHECKER ELF FRAME — runs snapshot-check on damaged copies of
# a clean RAM-dump frame: cut at every length through the header and a
# little past it, at some 300 lengths spread after, and before each byte of
# the end mark; and with one bit flipped at every
# header position (past the magic) and at spread positions in the body and
# the end mark. Every copy must be refused (status 2) with the kind of damage
# it has named; prints one line per kind and exits 1 on the first miss.
import os
import random
import subprocess
import sys
import tempfile

checker, elf, frame = sys.argv[1:4]
clean = open(frame, "rb").read()
header = 20 + clean[12] + 256 * clean[13] + 16 + 4  # one range, as snapshot.h lays it out
work = tempfile.NamedTemporaryFile(delete=False)
work.close()


def refused(data, reason):
    with open(work.name, "wb") as f:
        f.write(data)
    run = subprocess.run([checker, elf, work.name], capture_output=True, text=True)
    if run.returncode != 2 or reason not in run.stderr:
        sys.stdout.write("a damaged frame was not refused as %r (status %d): %s%s"
                         % (reason, run.returncode, run.stderr, run.stdout[:300]))
        os.unlink(work.name)
        sys.exit(1)


try:
    stride = max(509, len(clean) // 300)
    cuts = list(range(8, header + 16)) + list(range(header + 16, len(clean) - 8, stride)) + \
        list(range(len(clean) - 8, len(clean)))
    for n in cuts:
        refused(clean[:n], "cut short")
    print("%d cuts, from 8 bytes to %d, each refused as cut short" % (len(cuts), len(clean) - 1))

    flips = 0
    for at in range(8, header):
        b = bytearray(clean)
        b[at] ^= 0x01
        refused(bytes(b), "header is damaged")
        flips += 1
    print("%d flipped bits in the header, each refused as a damaged header" % flips)

    rng = random.Random(16)
    body = sorted(rng.sample(range(header, len(clean) - 8), 200))
    for at in body:
        b = bytearray(clean)
        b[at] ^= 1 << rng.randrange(8)
        refused(bytes(b), "the dump is damaged: 1 chunk of RAM fails the CRC")
    print("%d flipped bits spread over the body, each refused naming its chunk" % len(body))

    for at in range(len(clean) - 8, len(clean)):
        b = bytearray(clean)
        b[at] ^= 0x80
        refused(bytes(b), "no end mark")
    print("8 flipped end-mark bytes, each refused for the missing end mark")
finally:
    if os.path.exists(work.name):
        os.unlink(work.name)
