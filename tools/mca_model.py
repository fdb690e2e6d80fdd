#!/usr/bin/python3
"""Static speed model of quake's inner loops on ARM (and x86, for calibration) with llvm-mca.

Timing under qemu says nothing about real ARM cores, so this compiles the array loops of
tools/mca_kernels.cpp with clang for each target, cuts out the hot loop (the longest innermost block
that branches back to itself) and asks llvm-mca how many cycles one iteration takes in steady state.
Cycles per element = cycles per iteration / elements per iteration (4 batches of W floats;
softmax<2> is the sum of its three passes).
It is a model: no caches, no branch mispredictions, the vendor scheduling models' view.

Usage (Debian: clang-14, llvm-14, g++-aarch64-linux-gnu for the target headers):
    /usr/bin/python3 tools/mca_model.py            # Markdown table on stdout
    /usr/bin/python3 tools/mca_model.py --asm DIR  # also keep each loop's assembly
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLANG = os.environ.get("CLANG", "clang++-14")
MCA = os.environ.get("LLVM_MCA", "llvm-mca-14")

# name, clang flags, llvm-mca triple and cpu, float lanes per batch
TARGETS = [
    ("aarch64 Cortex-A72 (Raspberry Pi 4)",
     ["--target=aarch64-linux-gnu", "-mcpu=cortex-a72"], "aarch64-linux-gnu", "cortex-a72", 4),
    ("aarch64 Neoverse-N1 (AWS Graviton2)",
     ["--target=aarch64-linux-gnu", "-mcpu=neoverse-n1"], "aarch64-linux-gnu", "neoverse-n1", 4),
    ("armv7 NEON-VFPv4, Cortex-A57 model",
     ["--target=armv7a-linux-gnueabihf", "-mcpu=cortex-a57", "-mfpu=neon-vfpv4",
      "-mfloat-abi=hard"], "armv7a-linux-gnueabihf", "cortex-a57", 4),
    ("x86 Zen 3 (AVX2+FMA)", ["-march=znver3"], "x86_64-linux-gnu", "znver3", 8),
    ("x86 this machine (AVX-512; Ice Lake server model)",
     ["-march=sapphirerapids"], "x86_64-linux-gnu", "icelake-server", 16),
]
# row label -> the functions of tools/mca_kernels.cpp whose loops it sums, each with its floats
# per iteration for `lanes` floats per batch: 4 batches (quake::detail::apply_elementwise and
# row_max), or softmax's exp-and-sum pass, 32 floats (detail::sum_partials) whatever the width.
def four_batches(lanes):
    return 4 * lanes


KERNELS = [("quake::exp<%d>" % k, [("exp%d" % k, four_batches)]) for k in range(1, 6)] + [
    ("xsimd::exp", [("xsimd_exp", four_batches)]),
    ("softmax<2> (max + exp-sum + scale)", [("softmax2_max", four_batches),
                                            ("softmax2_expsum", lambda lanes: 32),
                                            ("softmax2_scale", four_batches)]),
]

BRANCH = re.compile(r"^\s*(b\.\w+|b|bne|bgt|blt|bhi|bcc|bcs|blo|bls|bge|ble|cbnz|cbz|"
                    r"j\w+)\s+(\.L\w+)\s*$")


def staged_xsimd(tmp):
    """A directory with only xsimd in it: the host's /usr/include must not reach cross builds."""
    inc = os.path.join(tmp, "include")
    os.makedirs(inc, exist_ok=True)
    os.symlink("/usr/include/xsimd", os.path.join(inc, "xsimd"))
    return inc


def comment_char(triple):
    return "//" if triple.startswith("aarch64") else "@" if triple.startswith("arm") else "#"


def hot_loop(asm, symbol, comment):
    """Instructions of the longest innermost loop of `symbol` in clang's output."""
    body, inside = [], False
    for line in asm.splitlines():
        if line.startswith(symbol + ":"):
            inside = True
            continue
        if inside and (line.startswith(".Lfunc_end") or re.match(r"^\w+:", line)):
            break
        if inside:
            body.append(line)
    labels, loops = {}, []
    for i, line in enumerate(body):
        m = re.match(r"^(\.L\w+):", line)
        if m:
            labels[m.group(1)] = i
        m = BRANCH.match(line)
        if m and m.group(2) in labels:
            loops.append((labels[m.group(2)], i))
    # Innermost loops only (no other loop inside), of which the longest: an outer structure
    # that jumps back over the main loop is not the hot loop.
    inner = [(a, b) for a, b in loops
             if not any((c, d) != (a, b) and a <= c and d <= b for c, d in loops)]
    best = max(inner, key=lambda ab: ab[1] - ab[0], default=None)
    if best is None:
        return None
    out = []
    for line in body[best[0] + 1:best[1] + 1]:
        s = line.split(comment)[0].rstrip()
        if s.strip() and not s.strip().startswith(".") and not re.match(r"^\.L\w+:", s):
            out.append(s)
    return "\n".join(out) + "\n"


def cycles_per_iteration(loop, triple, cpu):
    res = subprocess.run([MCA, "-mtriple=" + triple, "-mcpu=" + cpu, "-iterations=1000"],
                         input=loop, capture_output=True, text=True, check=True)
    if "error" in res.stderr:
        sys.exit("llvm-mca could not read the loop:\n" + res.stderr[:2000])
    it = int(re.search(r"Iterations:\s+(\d+)", res.stdout).group(1))
    cyc = int(re.search(r"Total Cycles:\s+(\d+)", res.stdout).group(1))
    return cyc / it


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--asm", help="write each target's assembly and hot loops here")
    args = ap.parse_args()
    src = os.path.join(ROOT, "tools", "mca_kernels.cpp")
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        inc = staged_xsimd(tmp)
        for name, flags, triple, cpu, lanes in TARGETS:
            cmd = [CLANG, "-std=c++17", "-O3", "-S", "-o", "-", "-I", os.path.join(ROOT, "include"),
                   "-isystem", inc] + flags + [src]
            res = subprocess.run(cmd, capture_output=True, text=True)
            if res.returncode != 0:
                sys.exit("%s could not compile tools/mca_kernels.cpp for %s:\n%s" %
                         (CLANG, cpu, res.stderr[:4000]))
            asm = res.stdout
            if args.asm:
                os.makedirs(args.asm, exist_ok=True)
                with open(os.path.join(args.asm, cpu + ".s"), "w") as f:
                    f.write(asm)
            for label, parts in KERNELS:
                total = 0.0
                for fn, per_iteration in parts:
                    loop = hot_loop(asm, "mca_" + fn, comment_char(triple))
                    if loop is None:
                        sys.exit("no loop found in mca_%s for %s" % (fn, cpu))
                    if args.asm:
                        with open(os.path.join(args.asm, "%s.%s.loop.s" % (cpu, fn)), "w") as f:
                            f.write(loop)
                    total += cycles_per_iteration(loop, triple, cpu) / per_iteration(lanes)
                rows.setdefault(label, {})[name] = total
    names = [t[0] for t in TARGETS]
    print("| kernel | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for label, _ in KERNELS:
        cells = ["%.2f" % rows[label][n] for n in names]
        print("| `%s` | " % label + " | ".join(cells) + " |")
    print("\ncycles per float element (llvm-mca %s, steady state of the compiled loop)" %
          subprocess.run([MCA, "--version"], capture_output=True, text=True).stdout.split(
              "version")[1].split()[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
