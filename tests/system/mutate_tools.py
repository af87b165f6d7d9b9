#!/usr/bin/env python3
# mutate_tools.py — structure-aware mutation of the host tools' inputs: each
# case changes the fields a reader follows (an image's segment count,
# addresses and lengths; an ELF's header and section table; merge's offsets;
# a RAM snapshot's counts, pointers and page map) to values a careless reader
# mishandles, runs the tool (built with ASan and UBSan) and checks that it
# ended with a verdict — status 0, 1 or 2 — and no sanitizer report.
#
# usage: mutate_tools.py KIND ROUNDS SEED TOOL ARGS...   (KIND below)
#   info IMAGE                 esp-image info on mutated images
#   elf2image ELF              esp-image elf2image on mutated ELFs
#   size-report ELF            size-report on mutated ELFs
#   merge FILE                 esp-image merge with hostile offsets
#   snapshot ELF RAM BASE      snapshot-check on mutated snapshots
# Prints "# ..." counts and one ok/not ok line.
import os, random, resource, shutil, struct, subprocess, sys, tempfile

kind, rounds, seed, tool = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
args = sys.argv[5:]
rng = random.Random(seed)
tmp = tempfile.mkdtemp()
env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:exitcode=99",
           UBSAN_OPTIONS="halt_on_error=1:exitcode=99:print_stacktrace=1")

def interesting(width, size):
    top = (1 << (8 * width)) - 1
    v = rng.choice([0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 64, 255, 256, 0x7fff, 0xffff, 0x10000,
                    size, size - 1, size + 1, size // 2, 0x40000000, 0x7fffffff, 0x80000000,
                    0xfffffff0, 0xffffffff, top, top - 7, top // 2 + 1, rng.getrandbits(8 * width)])
    return v & top

def put(data, at, width, value):
    if 0 <= at and at + width <= len(data):
        data[at:at + width] = value.to_bytes(width, "little")

def get(data, at, width):
    return int.from_bytes(data[at:at + width], "little")

def mutate_image(data):
    # header: magic, segment count, mode, size/freq, entry; then per segment
    # address, length, bytes; a checksum at the end
    segs, pos = [], 8
    for _ in range(data[1]):
        if pos + 8 > len(data):
            break
        segs.append(pos)
        pos += 8 + get(data, pos + 4, 4)
    for _ in range(rng.randint(1, 3)):
        r = rng.randrange(6)
        if r == 0:
            data[1] = rng.choice([0, 1, 2, 3, 15, 16, 17, 255])
        elif r == 1 and segs:
            put(data, rng.choice(segs), 4, rng.choice([0x3ffe8000, 0x3fffbff0, 0x3fffc000, 0x40100000,
                                                        0x40107ffc, 0x40108000, 0x40200000, interesting(4, len(data))]))
        elif r == 2 and segs:
            put(data, rng.choice(segs) + 4, 4, interesting(4, len(data)))
        elif r == 3:
            put(data, 4, 4, interesting(4, len(data)))
        elif r == 4:
            del data[rng.randrange(len(data) + 1):]
        else:
            if data:
                data[rng.randrange(len(data))] ^= rng.randrange(1, 256)

def mutate_elf(data):
    # ELF32 or ELF64 header and section table fields
    wide = data[4] == 2
    if wide:
        hdr = {"shoff": (0x28, 8), "shentsize": (0x3a, 2), "shnum": (0x3c, 2), "shstrndx": (0x3e, 2),
               "phoff": (0x20, 8), "phnum": (0x38, 2), "entry": (0x18, 8)}
        sh = [(0, 4), (4, 4), (8, 8), (0x10, 8), (0x18, 8), (0x20, 8), (0x28, 4), (0x2c, 4), (0x38, 8)]
        shsize = 64
    else:
        hdr = {"shoff": (0x20, 4), "shentsize": (0x2e, 2), "shnum": (0x30, 2), "shstrndx": (0x32, 2),
               "phoff": (0x1c, 4), "phnum": (0x2c, 2), "entry": (0x18, 4)}
        sh = [(0, 4), (4, 4), (8, 4), (0xc, 4), (0x10, 4), (0x14, 4), (0x18, 4), (0x1c, 4), (0x24, 4)]
        shsize = 40
    shoff, shnum = get(data, *hdr["shoff"]), get(data, *hdr["shnum"])
    for _ in range(rng.randint(1, 3)):
        r = rng.randrange(5)
        if r == 0:
            at, width = rng.choice(list(hdr.values()))
            put(data, at, width, interesting(width, len(data)))
        elif r in (1, 2) and shnum:
            base = shoff + rng.randrange(shnum) * shsize
            for _ in range(rng.randint(1, 3)):
                at, width = rng.choice(sh)
                value = rng.choice([0, 1, 2, 3, 8, 9, 11, interesting(width, len(data))]) if at == 4 else interesting(width, len(data))
                put(data, base + at, width, value)
        elif r == 3:
            del data[rng.randrange(len(data) + 1):]
        elif data:
            data[rng.randrange(len(data))] ^= rng.randrange(1, 256)

def offset_text():
    return rng.choice(["-1", "-128", "+16", " 16", "0x", "0X10", "010", "1e3", "0xfffffffffffffff0",
                       "0x100000000", "18446744073709551615", "18446744073709551616", "0x1000000", "0xffffff",
                       "16777216", "16777215", "0", "0x0", "4096", "0x1000", "0x10000", hex(rng.randrange(1 << 25)),
                       str(rng.randrange(1 << 25)), "".join(rng.choice("0123456789abcdefx-+ ") for _ in range(rng.randint(1, 20)))])

def snapshot_words(ram, base, elf):
    """Addresses of the words snapshot-check follows: the roots, the tasks'
    fields, the devices' rings (from runtime_layout v4, include/layout.h)."""
    nm = subprocess.run([os.environ.get("NM", "nm"), elf], capture_output=True, text=True).stdout
    at = [int(l.split()[0], 16) for l in nm.splitlines() if l.endswith(" runtime_layout")][0]
    w = struct.unpack_from("<37I", ram, at - base)
    if w[1] != 4:
        sys.exit(f"mutate_tools: runtime_layout version {w[1]}, this script reads version 4")
    ptr, roots_at = w[2], w[3]
    names = ["magic", "version", "ptr_size", "roots_at", "stack_canary", "page_size", "task_size", "task_sp",
             "task_next", "task_all_next", "task_name", "task_canary", "task_pages", "task_page_count", "task_id",
             "task_state", "state_ready", "state_running", "state_blocked", "state_dead", "ring_head",
             "ring_tail_seen", "ring_overflows", "ring_tail", "ring_head_seen", "ring_mask", "ring_buf",
             "device_name", "device_priv", "device_next", "device_ops", "serial_dev", "serial_rx", "serial_tx",
             "serial_readers", "serial_writers", "waitq_head"]
    L = dict(zip(names, w))
    def word(a, width=ptr):
        return get(ram, a - base, width) if 0 <= a - base <= len(ram) - width else 0
    words = []  # (address, width)
    roots = [word(at + roots_at + i * ptr) for i in range(5)]
    for r, n in ((roots[0], 5), (roots[1], 3), (roots[2], 1)):  # page_roots: map, total (32-bit), base
        for i in range(n):
            target = word(r + i * ptr)
            words.append((target, 4 if (r, i) == (roots[1], 1) else ptr))
    task, seen = word(word(roots[0] + 4 * ptr)), set()
    while task and task not in seen and len(seen) < 64:
        seen.add(task)
        for f in ("task_sp", "task_next", "task_all_next", "task_name", "task_canary", "task_pages"):
            words.append((task + L[f], ptr))
        for f in ("task_page_count", "task_id"):
            words.append((task + L[f], 4))
        task = word(task + L["task_all_next"])
    dev = word(word(roots[2]))
    for _ in range(8):
        if not dev:
            break
        words += [(dev + L[f], ptr) for f in ("device_next", "device_priv", "device_name", "device_ops")]
        s = dev - L["serial_dev"]
        for ring in (L["serial_rx"], L["serial_tx"]):
            for f in ("ring_head", "ring_tail", "ring_head_seen", "ring_tail_seen", "ring_mask"):
                words.append((s + ring + L[f], 4))
            words.append((s + ring + L["ring_buf"], ptr))
        words += [(s + L["serial_readers"] + L["waitq_head"], ptr), (s + L["serial_writers"] + L["waitq_head"], ptr)]
        dev = word(dev + L["device_next"])
    # the page map, a byte a page: its bytes are what the pages' walk follows
    pages = roots[1]  # &page_roots
    map_at, total = word(word(pages)) - base, word(word(pages + ptr), 4)
    map_bytes = range(map_at, map_at + total) if 0 <= map_at and map_at + total <= len(ram) else range(0)
    return [(a - base, width) for a, width in words if 0 <= a - base <= len(ram) - width], map_bytes

def mutate_snapshot(data, words, map_bytes, base):
    if map_bytes and rng.randrange(3) == 0:
        # a length running past the pool or into the next allocation, a
        # long mark, a stray later page (include/layout.h's page map)
        for _ in range(rng.randint(1, 4)):
            data[rng.choice(map_bytes)] = rng.choice([0, 1, 2, 3, 253, 254, 255, rng.randrange(256)])
        return
    for _ in range(rng.randint(1, 3)):
        at, width = rng.choice(words)
        v = rng.choice([interesting(width, len(data)), base, base + len(data) - rng.randrange(1, 64),
                        base - 4, base + rng.randrange(len(data)) & ~3, get(data, rng.choice(words)[0], width)])
        put(data, at, width, v & ((1 << (8 * width)) - 1))

runs = bad = verdicts = 0
outcomes = {}
source = bytearray(open(args[0], "rb").read()) if kind != "merge" else None
if kind == "snapshot":
    source = bytearray(open(args[1], "rb").read())
    base = int(args[2], 0)
    words, map_bytes = snapshot_words(source, base, args[0])
    print(f"# {len(words)} words of the snapshot the checker follows, and a page map of {len(map_bytes)} bytes")
failures = []
for k in range(rounds):
    path = os.path.join(tmp, "input")
    if kind == "merge":
        argv = [tool, "merge", "-o", os.path.join(tmp, "out.bin")]
        for _ in range(rng.randint(1, 4)):
            argv += [offset_text(), args[0]]
        if rng.randrange(8) == 0:
            del argv[rng.randrange(2, len(argv)):]
    else:
        data = bytearray(source)
        if kind == "info":
            mutate_image(data)
        elif kind == "snapshot":
            mutate_snapshot(data, words, map_bytes, base)
        else:
            mutate_elf(data)
        open(path, "wb").write(data)
        if kind == "info":
            argv = [tool, "info", path]
        elif kind == "elf2image":
            argv = [tool, "elf2image", "-o", os.path.join(tmp, "o-"), path]
        elif kind == "size-report":
            argv = [tool, path]
        else:
            argv = [tool, args[0], path, args[2]]
    try:
        # no output past 64 MiB (16 MiB is the largest flash): a tool that
        # writes more is stopped by SIGXFSZ, and counted
        p = subprocess.run(argv, capture_output=True, env=env, timeout=60,
                           preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 20, 64 << 20)))
        status, stderr = p.returncode, p.stderr
    except subprocess.TimeoutExpired:
        status, stderr = "no verdict in 60 s", b"(stopped)"
    runs += 1
    outcomes[status] = outcomes.get(status, 0) + 1
    report = b"AddressSanitizer" in stderr or b"runtime error" in stderr
    if status not in (0, 1, 2) or report:
        bad += 1
        if len(failures) < 3:
            failures.append(f"round {k}: {' '.join(argv[1:])}: status {status}: " +
                            " | ".join(stderr.decode(errors="replace").strip().splitlines()[:3]))
    out = os.path.join(tmp, "out.bin")
    if os.path.exists(out):
        os.remove(out)
for f in failures:
    print("# " + f)
shutil.rmtree(tmp)
print(f"# {kind}: {runs} mutated inputs, exit statuses {dict(sorted(outcomes.items(), key=str))}, {bad} crashed or reported")
print(f"{'ok' if bad == 0 and runs == rounds else 'not ok'} - {kind}: {runs} structure-mutated inputs end in a verdict (status 0/1/2), no sanitizer report")
sys.exit(1 if bad else 0)
