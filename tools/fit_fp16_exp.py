#!/usr/bin/python3
"""Fit the polynomials of the bench's float16-arithmetic exp (bench/fp16_arith.hpp).

e^r = 1 + c1 r + ... + cD r^D on [-ln2/2, ln2/2], D = 2 and 3, minimising relative error:
iteratively reweighted least squares (30 rounds) on 4000 Chebyshev nodes, then each coefficient
rounded to float16, the type the kernel computes in. Prints the rounded coefficients as hex
floats (the header's literals) and the polynomial's relative error before and after rounding.
The kernel's error over every float16 input, which adds the roundings of float16 arithmetic,
is what tests/bench_variants_test.cpp measures and bounds.

Usage (Debian: apt-get install python3-numpy):
    /usr/bin/python3 tools/fit_fp16_exp.py            # print the fit
    /usr/bin/python3 tools/fit_fp16_exp.py --check    # fail if the header lacks a fitted value
"""
import math
import pathlib
import re
import sys

import numpy as np

from generated_header import chebyshev_nodes, irls_fit

HEADER = pathlib.Path(__file__).resolve().parent.parent / "bench/fp16_arith.hpp"
NODES, ROUNDS, HALF = 4000, 30, math.log(2) / 2


def fit(degree):
    r = chebyshev_nodes(NODES, -HALF, HALF)
    t = np.exp(r)
    basis = np.stack([r**k for k in range(1, degree + 1)], 1)
    c, err = irls_fit(basis, t, 1, ROUNDS)
    rounded = c.astype(np.float16).astype(np.float64)
    err16 = (1 + basis @ rounded - t) / t
    return rounded, err, np.abs(err16).max()


def constants():
    """Every float16 constant of the kernel: ln2's two parts, log2(e), then each degree's
    coefficients, with what to print about them."""
    ln2_hi = float(np.float16(math.log(2)))
    ln2_lo = float(np.float16(math.log(2) - ln2_hi))
    log2e = float(np.float16(1 / math.log(2)))
    out = [([ln2_hi, ln2_lo, log2e],
            f"ln2 = {ln2_hi.hex()} + {ln2_lo.hex()}, log2(e) = {log2e.hex()}")]
    for degree in (2, 3):
        c, err, err16 = fit(degree)
        out.append((list(c), f"degree {degree}: c1..c{degree} = " + ", ".join(v.hex() for v in c) +
                    f"; relative error {err:.3e}, {err16:.3e} with the coefficients in float16"))
    return out


def main():
    fitted = constants()
    if "--check" not in sys.argv[1:]:
        for _, text in fitted:
            print(text)
        return
    literals = {float.fromhex(h.rstrip("f"))
                for h in re.findall(r"-?0x[0-9a-f.]+p[-+]?[0-9]+f?", HEADER.read_text())}
    missing = [v.hex() for values, _ in fitted for v in values if v not in literals]
    if missing:
        sys.exit(f"{HEADER.name} lacks the fitted values " + ", ".join(missing) +
                 ": rerun tools/fit_fp16_exp.py and copy them in")
    print(f"{HEADER.name}: the fitted float16 constants are the header's")


if __name__ == "__main__":
    main()
