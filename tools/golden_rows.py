#!/usr/bin/env python3
"""Prints the golden_table rows (tests/golden_test.cpp) of one function, every order and type,
from one build of each golden column: paste them into golden_table.

    /usr/bin/python3 tools/golden_rows.py NAME

Needs the golden_test of three builds (docs/platforms.md, "Golden hashes"):
    build/test/tests/golden_test          an FMA build (x86 AVX2/AVX-512 or aarch64): fma, fma_canonical
    build/test-x86-sse2/tests/golden_test no_fma   (cmake --preset test-x86-sse2, target golden_test)
    build/test-armv7/tests/golden_test    neon32_fma, run under qemu-arm (preset test-armv7)
"""
import os
import re
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ROW = re.compile(r"\[ golden \] (\S+)\s+(\S+)\s+(\S+)\s+all bits (0x[0-9a-f]+u), "
                 r"canonical (0x[0-9a-f]+u)")


def hashes(cmd):
    """{(name<N>, type): (all bits, canonical)} as one build prints them."""
    env = dict(os.environ, QUAKE_GOLDEN_PRINT="1")
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout
    return {(m.group(1), m.group(2)): (m.group(4), m.group(5)) for m in ROW.finditer(out)}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    name = sys.argv[1]
    fma = hashes(["build/test/tests/golden_test"])
    no_fma = hashes(["build/test-x86-sse2/tests/golden_test"])
    neon = hashes(["qemu-arm", "-L", "/usr/arm-linux-gnueabihf", "build/test-armv7/tests/golden_test"])
    keys = [k for k in fma if k[0].split("<")[0] in (name, name + "_scaled", name + "_online")]
    if not keys:
        sys.exit(f"no golden rows for {name}: is it in quake/functions.inc, and are the builds fresh?")
    for key in keys:
        f, t = key
        print(f'    {{"{f}", "{t}", {fma[key][0]}, {fma[key][1]}, {no_fma[key][0]}, {neon[key][0]}}},')


if __name__ == "__main__":
    main()
