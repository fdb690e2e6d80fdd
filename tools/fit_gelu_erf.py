#!/usr/bin/python3
"""Fit quake::gelu_erf's polynomials and write them as a C++ header.

gelu_erf(x) = x Phi(x), Phi the standard normal CDF. With a = |x|, Phi(-a) = exp(-h(a)),
h(a) = -ln Phi(-a) (increasing and convex, ln 2 at 0, about a^2/2 for large a), so

    Phi(x) = exp(-h(a))       for x < 0,
    Phi(x) = 1 - exp(-h(a))   for x >= 0,

and quake::gelu_erf<Order> computes exp<Order>(-H(a)) with a polynomial H in place of h: one
polynomial and one exp, no division. Per order, H is the lowest-degree polynomial whose error,
weighted as it reaches the result (|H - h| Phi(-a), an absolute error in Phi), is at most B
(exp<Order>'s bound) on [0, A], where Phi(-A) = B / 20; exp's own relative error adds at most
B/2 there (Phi(-a) <= 1/2), inside the bound 2B + 8u. The fit is minimax, a linear programme on a
grid (scipy's HiGHS), under two constraints:
  - H' >= 0 on [0, 64] (the kernel clamps a to 64, where exp(-H) is 0 in float and double), and
    a non-negative leading coefficient: exp(-H) keeps falling to 0 beyond the fitted range;
  - where a fit with every coefficient non-negative meets the target (orders 1-3), it is taken:
    Horner's rule with non-negative coefficients and fused multiply-adds is monotone in a >= 0,
    so gelu_erf is then monotone for x >= 0 by construction (orders 4-5: proven by the
    exhaustive checker).
The programme's solution is fixed only to HiGHS's feasibility tolerance (1e-7, the size of the
errors of orders 4-5), so its high-degree coefficients move with the CPU: an AMD EPYC without
AVX-512 fitted them up to 1e-5 relative away from the committed ones (fitted on an AVX-512
Xeon), at the same errors. --check therefore accepts committed coefficients whose fit and
evaluated errors are those of a fresh fit, with the header's text, error figures included,
equal but for its literals. The header's "fit error" is the programme's objective, which the
same tolerance lets understate the coefficients' own largest error on the grid (order 4:
2.868e-07 stated, 3.136e-07 evaluated in double); the evaluated errors are the real ones.

Usage (Debian: apt-get install python3-numpy python3-scipy clang-format):
    /usr/bin/python3 tools/fit_gelu_erf.py            # print the fits
    /usr/bin/python3 tools/fit_gelu_erf.py --write    # regenerate the header
    /usr/bin/python3 tools/fit_gelu_erf.py --check    # fail if the header differs from a fresh fit
"""
import pathlib

import numpy as np
from scipy.optimize import linprog
from scipy.special import log_ndtr, ndtr

from generated_header import banner, closed, fma32, hexf, parse_args, write_or_check
from fit_coefficients import LP_TOLERANCE

HEADER = (pathlib.Path(__file__).resolve().parent.parent /
          "include/quake/detail/gelu_erf_coefficients.hpp")
LADDER = {1: 2.99e-2, 2: 2.70e-3, 3: 1.10e-4, 4: 4.0e-6, 5: 2.5e-7}  # registry.hpp's exp_ladder
GRID = 2001
A_CLAMP = 64.0  # gelu_erf_kernel's clamp of a = |x|


def domain(b):
    """A with Phi(-A) = b / 20, to 0.05."""
    a = 1.0
    while ndtr(-a) > b / 20:
        a += 0.05
    return round(a, 2)


def fit(degree, a_end, positive):
    """Minimax of |H - h| Phi(-a) on [0, a_end]; returns (coefficients in powers of a, error)."""
    t = np.linspace(0.0, 1.0, GRID)  # a = t a_end: the programme in t is better conditioned
    a = t * a_end
    h = -log_ndtr(-a)
    w = ndtr(-a)
    powers = np.stack([t**k for k in range(degree + 1)], axis=1)
    ones = np.ones((GRID, 1))
    rows = [np.hstack([w[:, None] * powers, -ones]), np.hstack([-w[:, None] * powers, -ones])]
    rhs = [w * h, -w * h]
    # H' >= 0 on [0, A_CLAMP].
    tg = np.linspace(0.0, A_CLAMP / a_end, 2001)
    deriv = np.stack([k * tg ** (k - 1) if k else 0 * tg for k in range(degree + 1)], axis=1)
    rows.append(np.hstack([-deriv, np.zeros((len(tg), 1))]))
    rhs.append(np.zeros(len(tg)))
    bounds = [(0, None) if positive else (None, None)] * degree + [(0, None), (None, None)]
    res = linprog(np.append(np.zeros(degree + 1), 1.0), A_ub=np.vstack(rows),
                  b_ub=np.concatenate(rhs), bounds=bounds, method="highs")
    if res.x is None:
        return None, float("inf")
    return list(res.x[:-1] / a_end ** np.arange(degree + 1)), float(res.x[-1])


def choose(order):
    b = LADDER[order]
    a_end = domain(b)
    for positive in (True, False):
        for degree in range(2, 9):  # at least quadratic: h grows like a^2 / 2
            c, err = fit(degree, a_end, positive)
            if err <= b:
                return a_end, degree, positive, c, err
    raise SystemExit(f"order {order}: no fit meets {b}")


def horner(coeffs, a):
    """H(a) = coeffs[0] + coeffs[1] a + ... in double, by Horner's rule."""
    h = np.full_like(a, coeffs[-1], dtype=np.float64)
    for c in reversed(coeffs[:-1]):
        h = h * a + c
    return h


def evaluated_error(coeffs, single):
    """max |exp(-H(a)) - Phi(-a)| with H evaluated as the kernel does (float32 emulated)."""
    a = np.linspace(0.0, 12.0, 400001)
    if single:
        a = a.astype(np.float32)
        acc = np.full_like(a, np.float32(-coeffs[-1]))
        for c in reversed(coeffs[:-1]):
            acc = fma32(acc, a, np.float32(-c))
        g = acc.astype(np.float64)
    else:
        g = -horner(coeffs, a)
    return float(np.abs(np.exp(g) - ndtr(-a.astype(np.float64))).max())


def fit_error(coeffs, a_end):
    """The programme's objective for given coefficients: max |H - h| Phi(-a) on its grid."""
    a = np.linspace(0.0, 1.0, GRID) * a_end
    big_h = horner(coeffs, a)
    return float(np.abs((big_h + log_ndtr(-a)) * ndtr(-a)).max())


def quality(fits):
    """A header's literals (-H's coefficients, order by order) -> each order's fit error and
    float and double evaluated errors: what --check compares when last bits differ."""
    def figures(values):
        out, at = [], 0
        for order, (a_end, degree, _, _, _) in sorted(fits.items()):
            coeffs = [-v for v in values[at:at + degree + 1]]
            at += degree + 1
            out += [fit_error(coeffs, a_end), evaluated_error(coeffs, True),
                    evaluated_error(coeffs, False)]
        assert at == len(values)
        return out
    return figures


def header(fits):
    out = banner("tools/fit_gelu_erf.py", f"""
Phi(-a) = exp(-h(a)), h(a) = -ln Phi(-a), a = |x|: per order a polynomial H ~ h, fitted
minimax on |H - h| Phi(-a) (an absolute error in Phi) on [0, A] with Phi(-A) = B / 20,
H' >= 0 on [0, {A_CLAMP:g}] (the kernel's clamp of a), and non-negative coefficients where
that meets the target (orders 1-3: monotone Horner). Stored negated: Horner gives -H(a),
exp's argument.
""")
    w = out.append
    w(f"/// a = |x| is clamped to this: exp(-H(a)) is exactly 0 there in float and double, and a NaN")
    w(f"/// x gives a = {A_CLAMP:g} (min's second operand), so x's NaN is the product's only NaN.")
    w(f"inline constexpr double gelu_erf_clamp = {A_CLAMP:g};")
    w("")
    w("/// Per order (index Order - 1): the degree of H, and -H's coefficients, constant term first")
    w("/// (zeros beyond the degree). The kernel rounds them to its type, to nearest: float's")
    w("/// coefficients are those the fit's float evaluation used.")
    degrees = ", ".join(str(fits[o][1]) for o in sorted(fits))
    width = max(fits[o][1] for o in fits) + 1
    w(f"inline constexpr int gelu_erf_degree[{len(fits)}] = {{{degrees}}};")
    w(f"inline constexpr double gelu_erf_coefficients[{len(fits)}][{width}] = {{")
    for order, (a_end, degree, positive, coeffs, err) in sorted(fits.items()):
        w(f"    // Order {order}: degree {degree}"
          f"{', non-negative coefficients' if positive else ''}, on [0, {a_end}]; fit error "
          f"{err:.3e}, evaluated in float {evaluated_error(coeffs, True):.3e}, in double "
          f"{evaluated_error(coeffs, False):.3e}.")
        w(f"    {{{', '.join(hexf(-c, False) for c in coeffs)}}},")
    w("};")
    return closed(out)


def main():
    args = parse_args(__doc__, HEADER)
    fits = {}
    for order in LADDER:
        fits[order] = choose(order)
        a_end, degree, positive, coeffs, err = fits[order]
        print(f"order {order}: A = {a_end}, degree {degree}, "
              f"{'non-negative' if positive else 'mixed-sign'} coefficients, fit error {err:.3e} "
              f"(B = {LADDER[order]:.2e}); float {evaluated_error(coeffs, True):.3e}, double "
              f"{evaluated_error(coeffs, False):.3e}")
    if args.write or args.check:
        write_or_check(HEADER, header(fits), args.check, tolerance=LP_TOLERANCE,
                       quality=quality(fits))


if __name__ == "__main__":
    main()
