#!/usr/bin/python3
"""Fit quake::tanh's small-|x| polynomial and write it as a C++ header.

tanh(a) = a + a^3 q(a^2) on [0, 0.5], q of degree 3, minimising relative error: iteratively
reweighted least squares (30 rounds) on 4000 Chebyshev nodes. The header also holds `at_limit`,
the exact value of the polynomial (with the stored coefficients) at the largest input below 0.5,
rounded up: tanh's exponential branch is floored at it, which keeps tanh monotone where the two
branches meet.

The least-squares solves go through LAPACK, whose last bits depend on the implementation (and,
for OpenBLAS, on the CPU). So the script always runs on Debian's reference BLAS and LAPACK
(packages libblas3 and liblapack3), re-executing itself with them first on the library path.
numpy's tanh still takes another SIMD path with AVX-512 than without, which moves the double
coefficients by a few ulps between such machines: --check accepts the committed ones within
1e-12 relative.

Usage (Debian: apt-get install python3-numpy libblas3 liblapack3 clang-format):
    /usr/bin/python3 tools/fit_tanh.py            # print the fit and its error
    /usr/bin/python3 tools/fit_tanh.py --write    # regenerate the header
    /usr/bin/python3 tools/fit_tanh.py --check    # fail if the header differs from a fresh fit
"""
import math
import pathlib
from fractions import Fraction

from generated_header import (banner, chebyshev_nodes, closed, hexf, irls_fit, parse_args,
                              to_float32, use_reference_lapack, write_or_check)

HEADER = pathlib.Path(__file__).resolve().parent.parent / "include/quake/detail/tanh_coefficients.hpp"

TAU, DEG, NODES, ROUNDS = 0.5, 4, 4000, 30
# A least-squares fit is well conditioned: its last bits move with the CPU (numpy's tanh) by a
# few double ulps, far less than this.
TOLERANCE = 1e-12


def fit():
    import numpy as np

    a = chebyshev_nodes(NODES, 0, TAU)
    basis = np.stack([a**3 * (a * a) ** k for k in range(DEG)], 1)
    c, _ = irls_fit(basis, np.tanh(a), a, ROUNDS)
    x = np.linspace(1e-6, TAU, 200001)
    q = sum(c[k] * x**3 * (x * x) ** k for k in range(DEG))
    return [float(v) for v in c], float(np.abs((x + q) / np.tanh(x) - 1).max())


def rounded_up(exact, single):
    """The smallest float (single) or double >= the exact rational `exact`."""
    import numpy as np
    if single:
        v = np.float32(float(exact))
        while Fraction(float(v)) < exact:
            v = np.nextafter(v, np.float32(1))
        return float(v)
    v = float(exact)
    while Fraction(v) < exact:
        v = math.nextafter(v, 1.0)
    return v


def at_limit(q, single):
    """Exact polynomial value at the largest input below TAU, rounded up."""
    a = Fraction(TAU) - Fraction(1, 2 ** (25 if single else 54))
    value = a + a**3 * sum(Fraction(c) * (a * a) ** k for k, c in enumerate(q))
    return rounded_up(value, single)


def header(coeffs, err):
    out = banner("tools/fit_tanh.py", f"""
tanh(a) = a + a^3 q(a^2) for |a| < {TAU}, q of degree {DEG - 1}: iteratively reweighted least
squares on relative error ({ROUNDS} rounds, {NODES} Chebyshev nodes on [0, {TAU}], reference
LAPACK); relative error {err:.3e} in exact arithmetic, below every order's bound.
""")
    w = out.append
    w("template <class T>")
    w("struct tanh_coefficients;")
    for single, tname in ((True, "float"), (False, "double")):
        q = [to_float32(c) for c in coeffs] if single else coeffs
        w("")
        w("template <>")
        w(f"struct tanh_coefficients<{tname}> {{")
        w(f"  static constexpr {tname} q[{DEG}] = {{{', '.join(hexf(c, single) for c in q)}}};")
        w(f"  /// Below {TAU} the polynomial; from {TAU} on (1 - e) / (1 + e), e = e^-2|x|.")
        w(f"  static constexpr {tname} small_limit = {hexf(TAU, single)};")
        w(f"  /// The polynomial's exact value at the largest {tname} below {TAU}, rounded up: no")
        w("  /// value of the polynomial branch exceeds it, so flooring the exp branch at it keeps tanh")
        w("  /// monotone at the switch.")
        w(f"  static constexpr {tname} at_limit = {hexf(at_limit(q, single), single)};")
        w("};")
    return closed(out)


def main():
    args = parse_args(__doc__, HEADER)
    use_reference_lapack()
    coeffs, err = fit()
    print(f"relative error {err:.3e}")
    print("double:", ", ".join(hexf(c, False) for c in coeffs))
    print("float: ", ", ".join(hexf(to_float32(c), True) for c in coeffs))
    if not (args.write or args.check):
        return
    write_or_check(HEADER, header(coeffs, err), args.check, tolerance=TOLERANCE)


if __name__ == "__main__":
    main()
