#!/usr/bin/env python3
"""Writes the fuzzer's seed corpus, tests/fuzz/corpus/ (format: tests/fuzz/fuzz_input.hpp).

Small, deterministic files: each type, order and API, in place or not, with every kind of value
tag (raw bits, specials, threshold neighbourhoods, moderate values, subnormals, huge values) and
lengths around the SIMD widths (tails, unaligned starts).  Rerun to regenerate:
    /usr/bin/python3 tests/fuzz/make_seeds.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")
APIS = 7  # kApis in fuzz_input.hpp (1 until the activations exist: api % kApis)


def config(double, order, in_place, api):
    return bytes([(1 if double else 0) | ((order - 1) << 1) | (16 if in_place else 0) | (api << 5)])


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
    for name in os.listdir(OUT):
        os.remove(os.path.join(OUT, name))
    count = 0
    for api in range(APIS):
        for double in (False, True):
            for order in range(1, 6):
                for in_place in (False, True):
                    n = [0, 1, 7, 17, 33, 70][(order + 2 * in_place + 3 * double) % 6]
                    offsets = bytes([order % 16, (order * 3 + in_place) % 16])
                    data = config(double, order, in_place, api) + offsets + values(double, n, order)
                    name = "api%d_%s_order%d_%s" % (
                        api, "double" if double else "float", order, "inplace" if in_place else "copy")
                    with open(os.path.join(OUT, name), "wb") as f:
                        f.write(data)
                    count += 1
    print("wrote %d seeds to %s" % (count, OUT))


if __name__ == "__main__":
    main()
