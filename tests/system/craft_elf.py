#!/usr/bin/env python3
# craft_elf.py OBJECT DIR — writes damaged copies of a clang -target bpf
# object into DIR, each with a section the loader must not read as file bytes:
#   nobits-strtab.o  .strtab turned SHT_NOBITS at offset 0x40000000
#   nobits-maps.o    maps turned SHT_NOBITS at offset 0x40000000
#   nobits-text.o    .text turned SHT_NOBITS at offset 0x40000000
#   shstrndx0.o      e_shstrndx = 0, section 0 at offset 0x40000000, 4 KiB
# (ELF-64 little-endian: e_shoff at 0x28, e_shstrndx at 0x3e; a section
# header is 64 bytes, sh_type at +4, sh_offset at +0x18, sh_size at +0x20.)
import os, struct, sys

obj = bytearray(open(sys.argv[1], "rb").read())
out = sys.argv[2]
shoff = struct.unpack_from("<Q", obj, 0x28)[0]
shnum, shstrndx = struct.unpack_from("<HH", obj, 0x3c)
names = struct.unpack_from("<Q", obj, shoff + shstrndx * 64 + 0x18)[0]

def header(name):
    for i in range(1, shnum):
        at = shoff + i * 64
        offset = names + struct.unpack_from("<I", obj, at)[0]
        if obj[offset:obj.index(0, offset)].decode() == name:
            return at
    sys.exit(f"craft_elf: no section {name} in {sys.argv[1]}")

def write(name, copy):
    open(os.path.join(out, name), "wb").write(copy)

for section, name in ((".strtab", "nobits-strtab.o"), ("maps", "nobits-maps.o"), (".text", "nobits-text.o")):
    copy = bytearray(obj)
    at = header(section)
    struct.pack_into("<I", copy, at + 4, 8)  # SHT_NOBITS
    struct.pack_into("<Q", copy, at + 0x18, 0x40000000)
    write(name, copy)
copy = bytearray(obj)
struct.pack_into("<H", copy, 0x3e, 0)
struct.pack_into("<QQ", copy, shoff + 0x18, 0x40000000, 0x1000)
write("shstrndx0.o", copy)
