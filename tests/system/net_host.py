#!/usr/bin/env python3
"""net_host.py — the host end of a firmware's network device: boots QEMU
with a virtio-net device on a unix datagram socket (-netdev dgram, no
privileges needed) and its console on pipes, then plays one of three parts:

  demo ELF     the examples/xdp checks, with two devices: classes of UDP
               frames with exact counts, echoes checked byte for byte, a
               reply written by the reader, a redirect out of net1, a held
               reader's overflow, a flood where received + dropped = sent;
               prints "ok - ..." / "not ok - ..." lines
  lonely ELF   one device: redirects to the absent net1 counted
  bpfload ELF GOOD BAD   examples/bpfload: the XDP object GOOD (a drop
               filter for UDP port 9) sent over the UART and attached, BAD
               refused with its reason
  flood ELF N  N frames as fast as the socket takes them; prints the
               counters and the wall-clock rate
  serve ELF    answers the firmware's "net: send COUNT PORT" lines with
               that many frames (bench/target/net.c); echoes its output
usage: net_host.py "QEMU COMMAND" PART ELF [N]
"""
import os, re, shlex, socket, struct, subprocess, sys, tempfile, threading, time

GUEST_MAC = bytes.fromhex("525400123456")  # QEMU's default for the first NIC
HOST_MAC = bytes.fromhex("020000000001")
HOST_IP, GUEST_IP = bytes([10, 0, 2, 2]), bytes([10, 0, 2, 15])
FRAME = 60  # a 64-byte Ethernet frame without its FCS, which virtio does not carry


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def udp_frame(port, seq, size=FRAME):
    payload = struct.pack("!I", seq).ljust(size - 42, b"\0")
    udp = struct.pack("!HHHH", 40000, port, 8 + len(payload), 0) + payload
    pseudo = HOST_IP + GUEST_IP + struct.pack("!BBH", 0, 17, len(udp))
    udp = udp[:6] + struct.pack("!H", checksum(pseudo + udp) or 0xFFFF) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), seq & 0xFFFF, 0, 64, 17, 0, HOST_IP, GUEST_IP)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return GUEST_MAC + HOST_MAC + b"\x08\x00" + ip + udp


def other_frame(seq):  # not IPv4: the local experimental ethertype
    return (GUEST_MAC + HOST_MAC + b"\x88\xb5" + struct.pack("!I", seq)).ljust(FRAME, b"\0")


class Firmware:
    """QEMU with `devices` virtio-net devices, device i on its own pair of
    unix datagram sockets; what the firmware sends is kept per device."""
    def __init__(self, qemu, elf, devices=1):
        self.dir = tempfile.mkdtemp()
        self.socks, self.paths, self.sent, args = [], [], [], []
        for i in range(devices):
            host, guest = "%s/host%d.sock" % (self.dir, i), "%s/qemu%d.sock" % (self.dir, i)
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            sock.bind(host)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
            self.socks.append(sock)
            self.paths += [host, guest]
            self.sent.append([])
            args += ["-netdev", "dgram,id=n%d,local.type=unix,local.path=%s,remote.type=unix,remote.path=%s" % (i, guest, host),
                     "-device", "virtio-net-device,netdev=n%d,mac=52:54:00:12:34:%02x" % (i, 0x56 + i)]
        self.qemu_path = self.paths[1]
        self.lock = threading.Lock()
        self.qemu = subprocess.Popen(shlex.split(qemu) + ["-global", "virtio-mmio.force-legacy=false"] + args + ["-kernel", elf],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        for i in range(devices):
            threading.Thread(target=self.collect, args=(i,), daemon=True).start()
        self.echoes = self.sent[0]

    def collect(self, i):  # every frame the firmware sends out of device i, in order
        while True:
            try:
                frame = self.socks[i].recv(4096)
            except OSError:
                return
            with self.lock:
                self.sent[i].append(frame)

    def line(self, echo=True):
        raw = self.qemu.stdout.readline()
        if not raw:
            raise EOFError("the firmware's console closed")
        text = raw.decode(errors="replace").rstrip("\r\n")
        if echo:
            print("# " + text, flush=True)
        return text

    def until(self, prefix, echo=True):
        while True:
            text = self.line(echo)
            if text.startswith(prefix):
                return text

    def type(self, text):
        self.qemu.stdin.write((text + "\n").encode())
        self.qemu.stdin.flush()

    def send(self, frame):
        while not os.path.exists(self.qemu_path):
            time.sleep(0.01)
        self.socks[0].sendto(frame, self.qemu_path)  # blocks while QEMU holds frames back: none is lost here

    def stats(self):
        self.type("stats")
        values = {}
        for prefix in ("xdp: program", "xdp: device"):
            for k, v in re.findall(r"(\w+)=(\d+)", self.until(prefix, echo=False)):
                values[prefix[5:] + "." + k] = int(v)
        return values

    def settle(self, want, queued=0, seconds=60):
        """Counters once the device has received `want` frames and the
        reader has read all but `queued` of those passed (past the
        deadline, whatever they are: the checks then fail)."""
        end = time.time() + seconds
        while True:
            s = self.stats()
            done = s["device.received"] >= want and s["device.passed"] - s["device.read"] == queued
            if done or time.time() > end:
                return s
            time.sleep(0.05)

    def echoes_after(self, count, seconds=30, device=0):
        """The frames device sent, once there are count (or the deadline passed)."""
        end = time.time() + seconds
        while time.time() < end:
            with self.lock:
                if len(self.sent[device]) >= count:
                    break
            time.sleep(0.02)
        with self.lock:
            return list(self.sent[device])

    def finish(self):
        try:
            self.type("quit")
        except BrokenPipeError:
            pass  # a firmware that ends by itself (bench-net) may be gone already: its status follows
        try:
            while True:
                self.line()
        except EOFError:
            pass
        status = self.qemu.wait(timeout=60)
        for sock in self.socks:
            sock.close()
        for p in self.paths:
            if os.path.exists(p):
                os.unlink(p)
        os.rmdir(self.dir)
        return status


def check(ok, what):
    print(("ok - " if ok else "not ok - ") + what, flush=True)
    return ok


def echoed(frame):  # what the filter sends back for a port-7 frame
    b = bytearray(frame)
    b[0:6], b[6:12] = frame[6:12], frame[0:6]
    b[26:30], b[30:34] = frame[30:34], frame[26:30]
    b[34:36], b[36:38] = frame[36:38], frame[34:36]
    return bytes(b)


def demo(fw):
    fw.until("xdp: net0")
    sent, seq = 0, 0
    discard = [udp_frame(9, seq + i) for i in range(10)]
    echo = [udp_frame(7, 100 + i, 60 + 40 * i) for i in range(5)]
    other = [udp_frame(5000, 200 + i) for i in range(3)] + [other_frame(300)]
    for f in discard + echo + other:
        fw.send(f)
    sent = len(discard) + len(echo) + len(other)
    s = fw.settle(sent)
    check(s["device.received"] == sent, "received every frame: %d of %d" % (s["device.received"], sent))
    check(s["program.dropped"] == 10 and s["device.xdp_drop"] == 10, "10 frames to UDP port 9 dropped and counted by the program and the device")
    check(s["program.echoed"] == 5 and s["device.xdp_tx"] == 5, "5 frames to UDP port 7 echoed and counted")
    check(s["program.passed"] == 4 and s["device.passed"] == 4 and s["device.read"] == 4, "4 other frames passed and read from /dev/net0")
    back = fw.echoes_after(6)
    udp = [b for b in back if b[12:14] == b"\x08\x00"]
    check(udp == [echoed(f) for f in echo], "the host got each echo back, addresses and ports swapped, %d-%d bytes" % (len(echo[0]), len(echo[-1])))
    check(all(checksum(b[14:34]) == 0 for b in udp), "echoed IP header checksums still valid")
    reply = other[-1][6:12] + other[-1][0:6] + other[-1][12:]
    check([b for b in back if b[12:14] == b"\x88\xb5"] == [reply] and fw.stats()["device.sent"] == 6,
          "the reader answered the 0x88b5 frame through write() on /dev/net0; the device sent 5 + 1 frames")
    total = sent

    # Redirected: out of net1 unchanged.
    chargen = [udp_frame(19, 400 + i) for i in range(6)]
    for f in chargen:
        fw.send(f)
    total += len(chargen)
    s = fw.settle(total)
    out = fw.echoes_after(6, device=1)
    check(s["program.redirected"] == 6 and s["device.redirected"] == 6 and s["device.tx_dropped"] == 0 and out == chargen,
          "6 frames to UDP port 19 redirected out of net1 (ifindex 2), unchanged (got %d)" % len(out))

    # A held reader: the read queue (32 frames) fills, the rest is dropped and counted.
    fw.type("hold")
    fw.until("xdp: reader held")
    before = fw.stats()
    for i in range(100):
        fw.send(udp_frame(5001, 1000 + i))
    total += 100
    s = fw.settle(total, queued=32)
    check(s["device.overflows"] - before["device.overflows"] == 68 and s["device.passed"] - before["device.passed"] == 32,
          "held reader: 100 frames = 32 queued + 68 dropped and counted (got %d + %d)" % (
              s["device.passed"] - before["device.passed"], s["device.overflows"] - before["device.overflows"]))
    fw.type("release")
    s = fw.settle(total)
    check(s["device.read"] == 4 + 32, "released reader read the 32 queued frames (read %d)" % s["device.read"])

    # A flood of the three classes: nothing lost silently.
    n = 20000
    flood(fw, n, total, "flood")
    total += n

    # The same with the reader held: more than the path can take.
    fw.type("hold")
    fw.until("xdp: reader held")
    n = 6000
    s = flood(fw, n, total, "flood, reader held", queued=32)
    total += n
    check(s["device.passed"] - s["device.read"] == 32, "flood, reader held: exactly 32 frames queued, the other 1968 passed frames dropped and counted")
    fw.type("release")
    fw.settle(total)
    return total


def flood(fw, n, already, name, queued=0):
    start = fw.stats()
    echoes_before = len(fw.echoes_after(0, 0))
    t0 = time.time()
    for i in range(n):
        fw.send(udp_frame((9, 7, 5002)[i % 3], 5000 + i))
    s = fw.settle(already + n, queued)
    elapsed = time.time() - t0
    d = {k: s[k] - start[k] for k in s}
    drop, echo, other = (n + 2) // 3, (n + 1) // 3, n // 3
    lost = n - (d["device.xdp_drop"] + d["device.xdp_tx"] + d["device.passed"] + d["device.overflows"] + d["device.aborted"] + d["device.errors"] + d["device.redirected"])
    check(d["device.received"] == n and lost == 0,
          "%s: %d sent = %d received = %d dropped by the program + %d echoed + %d passed + %d dropped for a full read queue"
          % (name, n, d["device.received"], d["device.xdp_drop"], d["device.xdp_tx"], d["device.passed"], d["device.overflows"]))
    check(d["device.xdp_drop"] == drop and d["device.xdp_tx"] == echo and d["device.passed"] + d["device.overflows"] == other,
          "%s: each class exactly: %d dropped, %d echoed, %d passed or dropped-and-counted" % (name, drop, echo, other))
    back = len(fw.echoes_after(echoes_before + d["device.xdp_tx"] - d["device.tx_dropped"])) - echoes_before
    check(back == d["device.xdp_tx"] - d["device.tx_dropped"],
          "%s: echoes the host got (%d) = echoed (%d) - dropped for a full TX ring (%d)" % (name, back, d["device.xdp_tx"], d["device.tx_dropped"]))
    print("# %s: %d frames in %.2f s wall clock: %.0f frames/s through QEMU" % (name, n, elapsed, n / elapsed), flush=True)
    return s


def lonely(fw):
    """One device: a redirect to the absent ifindex 2 is counted, not lost."""
    fw.until("xdp: net0")
    for i in range(3):
        fw.send(udp_frame(19, i))
    s = fw.settle(3)
    check(s["device.redirected"] == 3 and s["device.tx_dropped"] == 3 and s["device.sent"] == 0,
          "one device: 3 frames redirected to an absent ifindex counted in tx_dropped")


def bpfload(fw, good, bad):
    """Objects over the console into net0's XDP hook (examples/bpfload)."""
    def counters():
        fw.type("net")
        return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", fw.until("bpf: net0"))}

    def settle(want):
        end = time.time() + 60
        while True:
            c = counters()
            if c["received"] >= want or time.time() > end:
                return c
            time.sleep(0.05)

    fw.until("bpf: ready")
    fw.type("xdp " + open(good, "rb").read().hex())
    reply = fw.until("bpf: ")
    check("xdp attached to net0" in reply, "bpfload: an XDP object sent over the UART is verified and attached (%s)" % reply)
    for i in range(5):
        fw.send(udp_frame(9, i))
    for i in range(3):
        fw.send(udp_frame(5000, i))
    c = settle(8)
    check(c["received"] == 8 and c["drop"] == 5 and c["passed"] == 3,
          "bpfload: the loaded filter dropped the 5 frames to port 9 and passed the other 3")
    fw.type("xdp " + open(bad, "rb").read().hex())
    reply = fw.until("bpf: ")
    check(reply.startswith("bpf: rejected: insn "), "bpfload: an XDP program reading past the frame is refused with the instruction (%s)" % reply)
    for i in range(2):
        fw.send(udp_frame(9, 10 + i))
    c = settle(10)
    check(c["received"] == 10 and c["drop"] == 5 and c["passed"] == 5,
          "bpfload: after the refusal no program is attached: frames pass")


def serve(fw):
    while True:
        text = fw.line()
        m = re.match(r"net: send (\d+) (\d+)", text)
        if m:
            for i in range(int(m.group(1))):
                fw.send(udp_frame(int(m.group(2)), i))
        elif text.startswith("net: end"):
            return


def main():
    qemu, part, elf = sys.argv[1:4]
    fw = Firmware(qemu, elf, 2 if part == "demo" else 1)
    try:
        if part == "demo":
            demo(fw)
        elif part == "lonely":
            lonely(fw)
        elif part == "bpfload":
            bpfload(fw, sys.argv[4], sys.argv[5])
        elif part == "flood":
            fw.until("xdp: net0")
            flood(fw, int(sys.argv[4]), 0, "flood")
        else:
            serve(fw)
    except Exception as e:  # the firmware stopped answering, or this script is wrong: a failure either way
        print("not ok - host side: %s: %s" % (type(e).__name__, e))
        fw.qemu.kill()
        sys.exit(1)
    status = fw.finish()
    print("# firmware exit status %d" % status)
    sys.exit(status)


main()
