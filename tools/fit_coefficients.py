#!/usr/bin/env python3
"""Fit the polynomial coefficients of the quake exp ladder and write them as a C++ header.

Every order approximates 2^f on f in [0, 1] (orders 4-5 evaluate the same polynomial in
r = f*ln2, i.e. e^r on [0, ln 2]). The fit is minimax on the *relative* error, solved as a
linear programme on a dense grid (scipy's HiGHS), with the constraints that make the result
continuous and monotone across exponent boundaries:

    p(0) = 1   and   p(1) = 2   (for order 1: p(1) = 2 p(0), p(f) = a (1 + f)).

Order 1 for float is the Schraudolph (1999) integer trick as_float(int(c0*x + 127*2^23)),
scaled by the same a as the split form; its error is evaluated exactly in float32.

Every transcendental is evaluated in long double and every power by multiplication: numpy's
float64 exp, exp2 and pow take SIMD paths (SVML on AVX-512 machines) whose last bits differ
between CPUs, which moved the fitted coefficients by an ulp from one machine to the next. With
these, the fit (and so --check) is the same on every x86-64 machine.

Usage (Debian: apt-get install python3-numpy python3-scipy):
    /usr/bin/python3 tools/fit_coefficients.py            # print the fits and their bounds
    /usr/bin/python3 tools/fit_coefficients.py --write     # regenerate the header
"""
import math
import pathlib
import sys

import numpy as np
from scipy.optimize import linprog

from generated_header import banner, closed, fma32, hexf, parse_args, to_float32, write_or_check

LN2 = math.log(2.0)
HEADER = pathlib.Path(__file__).resolve().parent.parent / "include/quake/detail/exp_coefficients.hpp"

# HiGHS solves the minimax programme to about 1e-13 in each coefficient, and where it lands
# within that depends on its input's last bits: --check accepts the committed coefficients
# within this (a float coefficient's ulp is 6e-8, so the float literals must be exact).
LP_TOLERANCE = 1e-11

# Which domain each order's polynomial is evaluated in: "log2" -> p(f), f in [0,1);
# "ln" -> p(r), r = x - n ln2 in [0, ln 2) (Cody-Waite reduced, needed below ~1e-5).
DOMAIN = {1: "log2", 2: "log2", 3: "log2", 4: "ln", 5: "ln"}


def exp2_ld(v):
    """2^v for a float64 array, through long double: no CPU-dependent SIMD path."""
    return np.exp2(np.asarray(v, dtype=np.float64).astype(np.longdouble)).astype(np.float64)


def exp_ld(v):
    """e^v for a float64 array, through long double."""
    return np.exp(np.asarray(v, dtype=np.float64).astype(np.longdouble)).astype(np.float64)


def power(f, k):
    """f^k by k-1 multiplications (numpy's pow is CPU-dependent)."""
    acc = np.ones_like(f)
    for _ in range(k):
        acc = acc * f
    return acc


def fit_constrained(degree, grid=20001):
    """Minimax relative fit of 2^f on [0,1] by 1 + c1 f + ... + cd f^d with sum(c) = 1."""
    f = np.linspace(0.0, 1.0, grid)
    t = exp2_ld(f)
    powers = np.stack([power(f, k) / t for k in range(1, degree + 1)], axis=1)
    ones = np.ones((grid, 1))
    a_ub = np.vstack([np.hstack([powers, -ones]), np.hstack([-powers, -ones])])
    b_ub = np.concatenate([1.0 - 1.0 / t, -(1.0 - 1.0 / t)])
    res = linprog(
        c=[0.0] * degree + [1.0],
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=[[1.0] * degree + [0.0]],
        b_eq=[1.0],
        bounds=[(None, None)] * (degree + 1),
        method="highs",
    )
    if not res.success:
        sys.exit(f"fit of degree {degree} failed: {res.message}")
    return [1.0] + list(res.x[:degree]), float(res.x[-1])


def order1_scale():
    """p(f) = a (1 + f): the ratio (1+f)/2^f spans [1, M]; a = 2/(1+M) balances it."""
    fstar = 1.0 / LN2 - 1.0
    m = (1.0 + fstar) / 2.0**fstar
    return 2.0 / (1.0 + m), (m - 1.0) / (m + 1.0)


def order1_float_error(a):
    """Max relative error of a*as_float(int(fma(x, c0, 127*2^23))), evaluated in float32."""
    c0 = np.float32(2.0**23 / LN2)
    x = np.unique(np.linspace(-4.0, 4.0, 2_000_001).astype(np.float32))
    t = (x.astype(np.float64) * np.float64(c0) + np.float64(127 * 2**23)).astype(np.float32)
    y = np.trunc(t).astype(np.int64).astype(np.uint32).view(np.float32) * np.float32(a)
    return float(c0), float(np.max(np.abs(y.astype(np.float64) / exp_ld(x.astype(np.float64)) - 1.0)))


def poly_error(coeffs, single, domain):
    """Max relative error of the Horner evaluation (float32 emulated when single) on [0,1]."""
    f = np.linspace(0.0, 1.0, 200001)
    arg = f * LN2 if domain == "ln" else f
    if single:
        arg = arg.astype(np.float32)
        acc = np.float32(coeffs[-1]) * np.ones_like(arg)
        for c in reversed(coeffs[:-1]):
            acc = fma32(acc, arg, np.float32(c))
        val = acc.astype(np.float64)
        ref = exp_ld(arg.astype(np.float64)) if domain == "ln" else exp2_ld(arg.astype(np.float64))
    else:
        acc = np.full_like(arg, coeffs[-1])
        for c in reversed(coeffs[:-1]):
            acc = acc * arg + c
        val = acc
        ref = exp_ld(arg) if domain == "ln" else exp2_ld(arg)
    return float(np.max(np.abs(val / ref - 1.0)))


def main():
    args = parse_args(__doc__, HEADER)

    a1, e1 = order1_scale()
    c0, e1f = order1_float_error(to_float32(a1))
    print(f"order 1: a = {a1!r} (max rel err {e1:.4e}); float trick * a: {e1f:.4e}")

    fits = {}
    for order in range(2, 6):
        coeffs, err = fit_constrained(order)
        if DOMAIN[order] == "ln":
            coeffs = [c / LN2**k for k, c in enumerate(coeffs)]
        fits[order] = coeffs
        ef = poly_error([to_float32(c) for c in coeffs], True, DOMAIN[order])
        ed = poly_error(coeffs, False, DOMAIN[order])
        print(f"order {order}: degree {order}, {DOMAIN[order]} domain, minimax {err:.4e}; "
              f"evaluated float {ef:.4e}, double {ed:.4e}")
        fits[order] = (coeffs, err)

    if not (args.write or args.check):
        return

    out = banner("tools/fit_coefficients.py", """
Each order approximates 2^f, f in [0,1), by a polynomial fitted minimax on relative error
(linear programme on a 20001-point grid) under the continuity constraints p(0) = 1,
p(1) = 2, which keep exp continuous and monotone across exponent boundaries.
Orders 4 and 5 hold the same kind of polynomial in r = f*ln2 (e^r on [0, ln 2)).
""")
    w = out.append
    w("template <class T>")
    w("struct exp_coefficients;")
    for single, tname in ((True, "float"), (False, "double")):
        w("")
        w("template <>")
        w(f"struct exp_coefficients<{tname}> {{")
        w(f"  // Order 1: 2^n * a*(1+f); (1+f)/2^f spans [1, M], a = 2/(1+M) centres it; error {e1:.4e}.")
        w(f"  static constexpr {tname} order1_a = {hexf(to_float32(a1) if single else a1, single)};")
        if single:
            w("  // Order 1 for float computes 2^n * (1+f) as as_float(int(c0*x + c1)) (Schraudolph 1999):")
            w(f"  // c0 = 2^23/ln2, c1 = 127*2^23; times a, max relative error {e1f:.4e} (float32 scan).")
            w(f"  static constexpr float order1_c0 = {hexf(c0, True)};")
            w(f"  static constexpr float order1_c1 = {hexf(float(127 * 2**23), True)};")
        for order in range(2, 6):
            coeffs, err = fits[order]
            dom = "f in [0,1)" if DOMAIN[order] == "log2" else "r in [0,ln2)"
            w(f"  // Order {order}: degree {order} in {dom}, p(0)=1, p(end)=2; minimax rel. error {err:.4e}.")
            vals = ", ".join(hexf(to_float32(c) if single else c, single) for c in coeffs[1:])
            w(f"  static constexpr {tname} order{order}[{order}] = {{{vals}}};")
        w("};")
    write_or_check(HEADER, closed(out), args.check, tolerance=LP_TOLERANCE)

if __name__ == "__main__":
    main()
