#!/usr/bin/python3
"""Fit the bench's table-driven tanh (bench/tanh_table.hpp): bench/tanh_table_coefficients.hpp.

a = |x| is cut into 32 intervals, each with its own polynomial in t = a - base:
  interval 0       [0, 2^-4): t + c2 t^2 + ... + cD t^D (t = a, so tanh(0) = 0 and tanh(a) = a
                   for tiny a);
  intervals 1..30  the quarter-binades from 2^-4 to 12: [2^e (1 + q/4), 2^e (1 + (q+1)/4)),
                   c0 + c1 t + ... + cD t^D;
  interval 31      [12, inf): exactly 1 (float's tanh is 1 from 9.01 on).
Its index is a's exponent and top two mantissa bits, bits(a) >> 21, after a is clamped to
[0x1.cp-5, 12] (the largest quarter-binade below 2^-4 stands for interval 0): 32 consecutive
values, so the tables are stored by that index modulo 32, and a lookup needs no subtraction.
Each polynomial minimises relative error (iteratively reweighted least squares, 30 rounds, 2000
Chebyshev nodes on the interval, reference LAPACK); coefficients are rounded to float. Then,
where an interval's polynomial ends above where the next one starts (its value at the last float
of the interval, evaluated as the kernel does, above the next interval's c0), its slope
coefficient is lowered until it does not: tanh stays monotone across the joins. The kernel's
error, which adds the roundings of its evaluation, and its monotonicity are what
tests/bench_variants_test.cpp checks.
Where numpy's tanh (another SIMD path with AVX-512 than without) moves a float coefficient by
an ulp, --check accepts the committed table if its fit error is as small and its joins hold.

Usage (Debian: apt-get install python3-numpy libblas3 liblapack3 clang-format):
    /usr/bin/python3 tools/fit_tanh_table.py            # print each degree's fit error
    /usr/bin/python3 tools/fit_tanh_table.py --write    # regenerate the header
    /usr/bin/python3 tools/fit_tanh_table.py --check    # fail if the header differs from a fit
"""
import pathlib
import sys

from generated_header import (banner, chebyshev_nodes, closed, fma32, hexf, irls_fit,
                              parse_args, to_float32, use_reference_lapack, write_or_check)

HEADER = pathlib.Path(__file__).resolve().parent.parent / "bench/tanh_table_coefficients.hpp"
DEGREES, NODES, ROUNDS = (4, 5), 2000, 30
ENTRIES, FIRST_EXP, QUARTERS, SATURATE = 32, -4, 4, 12.0
# bits(2^FIRST_EXP) >> 21 is the raw index of interval 1; one less, that of the floor, is
# interval 0's.
FIRST_RAW = ((FIRST_EXP + 127) << 2) - 1
FLOOR = 2.0 ** (FIRST_EXP - 1) * 1.75


def slot(k):
    """Where interval k is stored: its raw index modulo ENTRIES."""
    return (FIRST_RAW + k) % ENTRIES


def by_slot(values):
    """values[k] of interval k, reordered by slot."""
    out = [0.0] * ENTRIES
    for k, v in enumerate(values):
        out[slot(k)] = v
    return out


def intervals():
    """(base, width) of intervals 0..30; interval 31 is the saturated one."""
    out = [(0.0, 2.0**FIRST_EXP)]
    for k in range(1, ENTRIES - 1):
        e, q = divmod(k - 1, QUARTERS)
        scale = 2.0 ** (FIRST_EXP + e)
        out.append((scale * (1 + q / QUARTERS), scale / QUARTERS))
    assert out[-1][0] + out[-1][1] == SATURATE
    return out


def bases():
    """Where each of the ENTRIES intervals starts, the saturated one's included."""
    return [b for b, _ in intervals()] + [SATURATE]


def horner32(c, t):
    """The kernel's evaluation of one interval's polynomial at t, in float."""
    import numpy as np
    p = np.float32(c[-1])
    for v in reversed(c[:-1]):
        p = fma32(p, t, v)
    return p


def join_step(table, k, starts):
    """At the join of intervals k and k+1: t at the last float of interval k, and how far its
    polynomial's value there (evaluated as the kernel does, in float) lies above the next
    interval's c0, its value at that interval's first float (> 0: the join steps down)."""
    import numpy as np
    last = np.nextafter(np.float32(starts[k + 1]), np.float32(0))
    t = np.float32(last - np.float32(starts[k]))
    return t, float(horner32(table[k], t)) - float(np.float32(table[k + 1][0]))


def joined(table):
    """Lower each interval's slope coefficient (c1; c2 in interval 0, whose c1 is 1) until its
    join with the next interval does not step down (join_step). Each start value stays; each
    join is fixed on its own. Returns how many coefficients moved."""
    import numpy as np
    starts = bases()
    moved = 0
    for k in range(ENTRIES - 1):
        j = 2 if k == 0 else 1
        t, excess = join_step(table, k, starts)
        if excess > 0:
            table[k][j] = to_float32(table[k][j] - excess / float(t) ** j)
            moved += 1
        while join_step(table, k, starts)[1] > 0:
            table[k][j] = float(np.nextafter(np.float32(table[k][j]), np.float32(-np.inf)))
    return moved


def fit(degree):
    """Per interval, the degree+1 coefficients c0..cD (float), and the worst fit error."""
    import numpy as np
    table, worst = [], 0.0
    for k, (base, width) in enumerate(intervals()):
        t = chebyshev_nodes(NODES, 0, width)
        f = np.tanh(base + t)
        if k == 0:
            basis = np.stack([t**j for j in range(2, degree + 1)], 1)
            c, err = irls_fit(basis, f, t, ROUNDS)
            c = [0.0, 1.0] + list(c)
        else:
            basis = np.stack([t**j for j in range(degree + 1)], 1)
            c, err = irls_fit(basis, f, np.zeros_like(t), ROUNDS)
        table.append([to_float32(v) for v in c])
        worst = max(worst, float(err))
    table.append([1.0] + [0.0] * degree)
    return table, worst, joined(table)


def quality(values):
    """A header's literals -> per degree, the largest relative error of its float coefficients
    at every interval's fit nodes (infinite where a join steps down): what --check compares when
    last bits differ. The literals that are not fitted (floor, saturate, the bases) must be the
    script's own, bit for bit."""
    import numpy as np
    starts = bases()
    exact = [FLOOR, SATURATE] + by_slot(starts[:ENTRIES])
    if [to_float32(v) for v in values[:len(exact)]] != [to_float32(v) for v in exact]:
        sys.exit(f"{HEADER}: floor, saturate or the interval bases differ from the script's: "
                 "rerun with --write")
    at = len(exact)
    out = []
    for degree in DEGREES:
        rows = np.array(values[at:at + (degree + 1) * ENTRIES]).reshape(degree + 1, ENTRIES)
        at += (degree + 1) * ENTRIES
        table = [[float(rows[j][slot(k)]) for j in range(degree + 1)] for k in range(ENTRIES)]
        worst = 0.0
        for k, (base, width) in enumerate(intervals()):
            t = chebyshev_nodes(NODES, 0, width)
            p = sum(c * t**j for j, c in enumerate(table[k]))
            worst = max(worst, float(np.abs(p / np.tanh(base + t) - 1).max()))
            if join_step(table, k, starts)[1] > 0:
                worst = float("inf")
        out.append(worst)
    assert at == len(values)
    return out


def header(fits):
    out = banner("tools/fit_tanh_table.py", f"""
tanh(a), a = |x|, from {ENTRIES} intervals: [0, 2^{FIRST_EXP}), the quarter-binades up to {SATURATE:g},
then exactly 1. In each a polynomial in t = a - base, fitted for relative error (iteratively
reweighted least squares, {ROUNDS} rounds, {NODES} Chebyshev nodes per interval, reference
LAPACK), coefficients rounded to float, slopes lowered where needed to keep the joins monotone.
Each table is stored by the index bits(a) >> 21 modulo {ENTRIES}, a clamped to [floor, saturate].
""", namespace="quake_bench")
    w = out.append
    w("struct tanh_table_intervals {")
    w("  /// a is clamped to [floor, saturate] before its index is taken: every a below 2^-4 is in")
    w("  /// interval 0, every a from 12 on in the last, whose value is exactly 1.")
    w(f"  static constexpr float floor = {hexf(FLOOR, True)};")
    w(f"  static constexpr float saturate = {hexf(SATURATE, True)};")
    w("  /// Where each interval starts: t = a - base (exact: a and base are within a factor 2, or")
    w("  /// base is 0).")
    w(f"  alignas(64) static constexpr float base[{ENTRIES}] = {{"
      f"{', '.join(hexf(b, True) for b in by_slot(bases()))}}};")
    w("};")
    w("")
    w("/// c[j]: the coefficients of t^j, by slot.")
    w("template <int Degree>")
    w("struct tanh_table;")
    for degree, (table, err, moved) in fits.items():
        w("")
        w("template <>")
        w(f"struct tanh_table<{degree}> {{")
        w(f"  /// The largest relative error of a fit, in exact arithmetic: {err:.3e}.")
        w(f"  static constexpr double fit_error = {err:.3e};")
        w(f"  /// Slope coefficients lowered to join the intervals monotonically: {moved}.")
        w(f"  alignas(64) static constexpr float c[{degree + 1}][{ENTRIES}] = {{")
        for j in range(degree + 1):
            w(f"      {{{', '.join(hexf(v, True) for v in by_slot([row[j] for row in table]))}}},")
        w("  };")
        w("};")
    return closed(out, namespace="quake_bench")


def main():
    args = parse_args(__doc__, HEADER)
    use_reference_lapack()
    fits = {d: fit(d) for d in DEGREES}
    for d, (_, err, moved) in fits.items():
        print(f"degree {d}: largest relative error of a fit {err:.3e}; "
              f"{moved} slopes lowered at the joins")
    if args.write or args.check:
        write_or_check(HEADER, header(fits), args.check, quality=quality)


if __name__ == "__main__":
    main()
