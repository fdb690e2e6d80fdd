#!/usr/bin/env python3
"""Writes the fuzzer's seed corpus, tests/fuzz/corpus/ (format: tests/fuzz/fuzz_input.hpp).

Small, deterministic files: each registry function (by its fuzz_id, read from
include/quake/registry.hpp), type and order, in place or not, with every kind of value tag (raw
bits, specials, threshold neighbourhoods, moderate values, subnormals, huge values) and lengths
around the SIMD widths (tails, unaligned starts). Existing seeds are left as they are (a file's
meaning never changes); only missing ones are written. Rerun after adding a function:
    /usr/bin/python3 tests/fuzz/make_seeds.py
"""
import os
import re
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")
REGISTRY = os.path.join(HERE, "..", "..", "include", "quake", "registry.hpp")


def fuzz_ids():
    """{fuzz_id: name} of every registry function."""
    text = open(REGISTRY).read()
    ids = {}
    for m in re.finditer(r'name = "(\w+)";\s*static constexpr unsigned fuzz_id = (\d+);', text):
        ids[int(m.group(2))] = m.group(1)
    if not ids:
        raise SystemExit(f"no fuzz_id found in {REGISTRY}")
    return ids


def header(double, order, in_place, fid):
    field = fid if fid < 7 else 7
    b0 = (1 if double else 0) | ((order - 1) << 1) | (16 if in_place else 0) | (field << 5)
    offsets = bytes([order % 16, (order * 3 + in_place) % 16])
    return bytes([b0]) + offsets + (bytes([fid - 7]) if fid >= 7 else b"")


def raw(double, value):
    return bytes([0]) + (struct.pack("<d", value) if double else struct.pack("<f", value))


def special(i):
    return bytes([1, i % 256])


def threshold(i, ulps):
    return bytes([2, i % 256, ulps & 0xFF])


def moderate(v):
    return bytes([3]) + struct.pack("<h", int(v * 128))


def subnormal(double, seed):
    return bytes([4]) + (seed * 0x9E3779B97F4A7C15 % 2**64).to_bytes(8, "little")[: 8 if double else 4]


def huge(double, seed):
    return bytes([5]) + (seed * 0xD1B54A32D192ED03 % 2**64).to_bytes(8, "little")[: 8 if double else 4]


def values(double, n, salt):
    out = b""
    for k in range(n):
        kind = (k + salt) % 6
        if kind == 0:
            out += raw(double, (k * 7.25 - 40.0) * (1 if k % 2 else -1))
        elif kind == 1:
            out += special(k * 5 + salt)
        elif kind == 2:
            out += threshold(k + salt, (k * 37) % 256 - 128)
        elif kind == 3:
            out += moderate((k * 13 % 200) - 100)
        elif kind == 4:
            out += subnormal(double, k + salt)
        else:
            out += huge(double, k + salt)
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    written = 0
    for fid in sorted(fuzz_ids()):
        for double in (False, True):
            for order in range(1, 6):
                for in_place in (False, True):
                    n = [0, 1, 7, 17, 33, 70][(order + 2 * in_place + 3 * double) % 6]
                    name = "api%d_%s_order%d_%s" % (
                        fid, "double" if double else "float", order, "inplace" if in_place else "copy")
                    path = os.path.join(OUT, name)
                    if os.path.exists(path):
                        continue
                    with open(path, "wb") as f:
                        f.write(header(double, order, in_place, fid) + values(double, n, order))
                    written += 1
    print("wrote %d new seeds to %s" % (written, OUT))


if __name__ == "__main__":
    main()
