"""What the scripts that generate quake's coefficient headers share: exact hex-float literals,
and writing a header -- or, with --check, failing where the committed one differs from a fresh
fit. Both format the text with clang-format first, as every C++ file of the project is.
"""
import shutil
import subprocess
import sys


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


def write_or_check(header, text, check):
    """clang-format `text` as `header` would be, then write it there, or (check) compare."""
    formatter = shutil.which("clang-format")
    if formatter is None:
        sys.exit("clang-format is needed to write or check the header (apt-get install clang-format)")
    text = subprocess.run([formatter, f"--assume-filename={header}"], input=text, text=True,
                          check=True, capture_output=True).stdout
    if check:
        if header.read_text() != text:
            sys.exit(f"{header} differs from a fresh fit: rerun with --write")
        print(f"{header.name} matches a fresh fit")
        return
    header.write_text(text)
    print(f"wrote {header}")
