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
    """{fuzz_id: (name, scaled)} of every registry function, and of the scaled and masked row
    forms (fuzz_id_scaled)."""
    text = open(REGISTRY).read()
    ids = {}
    entries = re.split(r'static constexpr const char\* name = ', text)[1:]
    for entry in entries:
        name = re.match(r'"(\w+)"', entry).group(1)
        for key, scaled in (("fuzz_id", False), ("fuzz_id_scaled", True)):
            m = re.search(r'static constexpr unsigned %s = (\d+);' % key, entry)
            if m:
                ids[int(m.group(1))] = (name, scaled)
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


HALF_IDS = 64  # the 16-bit forms' ids: HALF_IDS + fuzz_id


def half_values(float16, n, salt):
    """n 16-bit patterns: zeros, infinities, NaNs, subnormals, the largest values, and a spread
    of moderate ones (the form's input is raw 2-byte values, no tags)."""
    special = ([0x0000, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0x7D01, 0x0001, 0x8001, 0x03FF, 0x0400,
                0x7BFF, 0xFBFF] if float16 else
               [0x0000, 0x8000, 0x7F80, 0xFF80, 0x7FC0, 0x7F81, 0x0001, 0x8001, 0x007F, 0x0080,
                0x7F7F, 0xFF7F])
    out = b""
    for k in range(n):
        if k % 3 == 0:
            u = special[(k // 3 + salt) % len(special)]
        else:  # moderate magnitudes: exponent near the bias, both signs
            bias = 15 << 10 if float16 else 127 << 7
            u = (bias - (3 << (10 if float16 else 7)) + (k * 2654435761 + salt) % (7 << (10 if float16 else 7)))
            u |= 0x8000 if k % 2 else 0
        out += struct.pack("<H", u & 0xFFFF)
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    written = 0
    for fid, (_, scaled) in sorted(fuzz_ids().items()):
        for double in (False, True):
            for order in range(1, 6):
                for in_place in (False, True):
                    n = [0, 1, 7, 17, 33, 70][(order + 2 * in_place + 3 * double) % 6]
                    # The scaled row forms: a scale byte, then scores and as many mask values.
                    scale = bytes([(order + 3 * in_place) % 8]) if scaled else b""
                    n = 2 * n if scaled else n
                    name = "api%d_%s_order%d_%s" % (
                        fid, "double" if double else "float", order, "inplace" if in_place else "copy")
                    path = os.path.join(OUT, name)
                    if os.path.exists(path):
                        continue
                    with open(path, "wb") as f:
                        f.write(header(double, order, in_place, fid) + scale +
                                values(double, n, order))
                    written += 1
    for fid, (_, scaled) in sorted(fuzz_ids().items()):
        for float16 in (False, True):
            for order in range(1, 6):
                for in_place in (False, True):
                    n = [0, 1, 7, 17, 33, 70][(order + 2 * in_place + 3 * float16) % 6]
                    scale = bytes([(order + 3 * in_place) % 8]) if scaled else b""
                    n = 2 * n if scaled else n
                    name = "half%d_%s_order%d_%s" % (
                        fid, "float16" if float16 else "bfloat16", order,
                        "inplace" if in_place else "copy")
                    path = os.path.join(OUT, name)
                    if os.path.exists(path):
                        continue
                    with open(path, "wb") as f:
                        f.write(header(float16, order, in_place, HALF_IDS + fid) + scale +
                                half_values(float16, n, order))
                    written += 1
    print("wrote %d new seeds to %s" % (written, OUT))


if __name__ == "__main__":
    main()
