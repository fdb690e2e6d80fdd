"""What the scripts that generate quake's coefficient headers share: exact hex-float literals,
and writing a header -- or, with --check, failing where the committed one differs from a fresh
fit. Both format the text with clang-format first, as every C++ file of the project is.
"""
import argparse
import re
import shutil
import subprocess
import sys

HEX = re.compile(r"-?0x[0-9a-f.]+p[-+]?[0-9]+f?")


def hexf(v, single):
    """Exact hex-float literal; for float, a value already rounded to float32."""
    h = float(v).hex()
    if not single:
        return h
    mant, exp = h.split("p")
    # float32 has 23 fraction bits = 6 hex digits (the last one holds 3 bits)
    sign = "-" if mant.startswith("-") else ""
    head, frac = (mant.lstrip("-").split(".") + [""])[:2]
    return f"{sign}{head}.{(frac + '000000')[:6]}p{exp}f"


OPENING = ["#pragma once", "", "namespace quake {", "namespace detail {", ""]
CLOSING = ["", "}  // namespace detail", "}  // namespace quake"]


def parse_args(doc, header):
    """The scripts' command line: --write rewrites `header`, --check compares a fresh fit with it."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help=f"rewrite {header.name}")
    ap.add_argument("--check", action="store_true", help="fail if the header differs from a fresh fit")
    return ap.parse_args()


def same_up_to(committed, fresh, tolerance):
    """The two texts are equal once their hex literals are masked, and each committed literal is
    within `tolerance` (relative) of the fresh one."""
    if HEX.sub("#", committed) != HEX.sub("#", fresh):
        return False
    pairs = zip(HEX.findall(committed), HEX.findall(fresh))
    return all(abs(float.fromhex(a.rstrip("f")) - float.fromhex(b.rstrip("f"))) <=
               tolerance * abs(float.fromhex(b.rstrip("f"))) for a, b in pairs)


def write_or_check(header, text, check, tolerance=0.0):
    """clang-format `text` as `header` would be, then write it there, or (check) compare.

    A fit solved to a solver's tolerance (a linear programme) is reproducible only to that
    tolerance: its last bits move with the CPU's libm and SIMD paths. Such a script passes the
    relative `tolerance` it is reproducible to, and --check accepts the committed literals within
    it; the committed header stays the one source of the coefficients."""
    formatter = shutil.which("clang-format")
    if formatter is None:
        sys.exit("clang-format is needed to write or check the header (apt-get install clang-format)")
    text = subprocess.run([formatter, f"--assume-filename={header}"], input=text, text=True,
                          check=True, capture_output=True).stdout
    if check:
        committed = header.read_text()
        if committed != text and not (tolerance and same_up_to(committed, text, tolerance)):
            sys.exit(f"{header} differs from a fresh fit: rerun with --write")
        print(f"{header.name} matches a fresh fit" +
              (f" (to {tolerance:g} relative)" if committed != text else ""))
        return
    header.write_text(text)
    print(f"wrote {header}")
