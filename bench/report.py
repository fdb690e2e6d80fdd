#!/usr/bin/python3
"""Turn quake_bench's Google Benchmark JSON and quake_bench_accuracy's JSON into README's
speed tables (Markdown, on stdout) and the speed-accuracy plot.

    quake_bench --benchmark_out=bench.json --benchmark_out_format=json
    quake_bench_accuracy --out accuracy.json
    /usr/bin/python3 bench/report.py --bench bench.json --accuracy accuracy.json \
        --plot docs/speed_accuracy.png

Benchmarks are named "<function>/<kernel>/<size>"; accuracy keys are "<function>/<kernel>".
With --benchmark_repetitions > 1 the medians are used. Needs only the standard library, plus
matplotlib (Debian's python3-matplotlib) for the plot; without it the plot is skipped.
"""

import argparse
import json
import math
import re
import sys

ELEMENTWISE = ["exp", "sigmoid", "tanh", "gelu", "silu"]
ROWS = ["softmax", "log_softmax"]
PRIMARY = {"elementwise": 4096, "rows": 1024}
SIZE_LABEL = {4096: "4 Ki", 65536: "64 Ki", 4194304: "4 Mi", 128: "128", 1024: "1024",
              8192: "8192"}
PEER_LABEL = {
    "std": "std loop",
    "xsimd": "xsimd",
    "sleef_u10": "SLEEF u10",
    "libmvec": "libmvec",
    "xnnpack": "XNNPACK",
}
REFERENCE_LABEL = {
    "exp": "`std::exp` loop",
    "sigmoid": "`1/(1+std::exp(-x))` loop",
    "tanh": "`std::tanh` loop",
    "gelu": "`std::tanh` GELU loop",
    "silu": "`x/(1+std::exp(-x))` loop",
    "softmax": "three-pass `std::exp` softmax",
    "log_softmax": "three-pass `std::exp` log-softmax",
}

# The speed goals: (description, numerator, denominator, minimum ratio).
# A benchmark is (function, kernel, size).
GOALS = [
    ("exp<1> >= 0.8x copy (4 Ki)", ("exp", "quake<1>", 4096), ("copy", "simd", 4096), 0.8),
    ("exp<1> >= 6x xsimd::exp", ("exp", "quake<1>", 4096), ("exp", "xsimd", 4096), 6.0),
    ("exp<1> >= 50x std::exp", ("exp", "quake<1>", 4096), ("exp", "std", 4096), 50.0),
    ("exp<2> >= 3x xsimd::exp", ("exp", "quake<2>", 4096), ("exp", "xsimd", 4096), 3.0),
    ("exp<3> >= 2x xsimd::exp", ("exp", "quake<3>", 4096), ("exp", "xsimd", 4096), 2.0),
    ("exp<5> >= 1.2x xsimd::exp", ("exp", "quake<5>", 4096), ("exp", "xsimd", 4096), 1.2),
    ("exp<5> >= 1.5x SLEEF u10", ("exp", "quake<5>", 4096), ("exp", "sleef_u10", 4096), 1.5),
    ("exp<1> >= 0.9x copy (4 Mi)", ("exp", "quake<1>", 4194304), ("copy", "simd", 4194304), 0.9),
    ("exp<2> >= 0.9x copy (4 Mi)", ("exp", "quake<2>", 4194304), ("copy", "simd", 4194304), 0.9),
    ("softmax<2> >= 3x XNNPACK (1024)", ("softmax", "quake<2>", 1024),
     ("softmax", "xnnpack", 1024), 3.0),
    ("softmax<2> >= 15x std softmax (1024)", ("softmax", "quake<2>", 1024),
     ("softmax", "std", 1024), 15.0),
    ("sigmoid<2> >= 2x XNNPACK (4 Ki)", ("sigmoid", "quake<2>", 4096),
     ("sigmoid", "xnnpack", 4096), 2.0),
    ("gelu<2> >= 30x std::tanh GELU (4 Ki)", ("gelu", "quake<2>", 4096), ("gelu", "std", 4096),
     30.0),
]


def load_rates(path):
    """{(function, kernel, size): items/s}, medians when the run has repetitions."""
    with open(path) as f:
        data = json.load(f)
    runs = data["benchmarks"]
    has_median = any(r.get("aggregate_name") == "median" for r in runs)
    rates = {}
    for r in runs:
        if has_median:
            if r.get("run_type") != "aggregate" or r.get("aggregate_name") != "median":
                continue
        elif r.get("run_type") == "aggregate":
            continue
        name = r.get("run_name", r["name"])
        m = re.fullmatch(r"([^/]+)/(.+)/(\d+)", name)
        if not m or "items_per_second" not in r:
            continue
        rates[(m.group(1), m.group(2), int(m.group(3)))] = r["items_per_second"]
    return data.get("context", {}), rates


def order_of(kernel):
    m = re.fullmatch(r"quake<(\d+)>", kernel)
    return int(m.group(1)) if m else None


def accuracy_of(acc, function, kernel):
    """The error the tables and plot use (exp: over the domain where every peer is finite)."""
    a = acc.get(f"{function}/{kernel}")
    if a is None:
        return None
    return a["max_err_core"]


def fmt_err(e):
    if e is None:
        return "—"
    if math.isinf(e) or math.isnan(e):
        return str(e)
    return f"{e:.2e}"


def kernels_of(rates, function):
    seen = []
    for (f, k, _), _ in sorted(rates.items()):
        if f == function and k not in seen:
            seen.append(k)
    quake = sorted((k for k in seen if order_of(k)), key=order_of)
    peers = [k for k in PEER_LABEL if k in seen]
    peers += [k for k in seen if k not in quake and k not in peers]
    return quake + peers


def sizes_of(rates, function):
    return sorted({s for (f, _, s) in rates if f == function})


def function_table(function, rates, acc):
    kind = "rows" if function in ROWS else "elementwise"
    primary = PRIMARY[kind]
    sizes = sizes_of(rates, function)
    kernels = kernels_of(rates, function)
    std = rates.get((function, "std", primary))
    peers = [k for k in kernels if order_of(k) is None]
    size_cols = " | ".join(f"G elem/s {SIZE_LABEL.get(s, s)}" for s in sizes)
    lab = SIZE_LABEL.get(primary, primary)
    lines = [
        f"| kernel | order | {size_cols} | vs std ({lab}) | vs fastest peer as accurate ({lab})"
        " | max error |",
        "|---|---:|" + "---:|" * len(sizes) + "---:|---|---:|",
    ]
    for k in kernels:
        order = order_of(k)
        name = f"quake::{function}" if order else PEER_LABEL.get(k, k)
        if k == "std":
            name = REFERENCE_LABEL.get(function, name)
        cells = []
        for s in sizes:
            r = rates.get((function, k, s))
            cells.append(f"{r / 1e9:.2f}" if r else "—")
        r0 = rates.get((function, k, primary))
        vs_std = f"{r0 / std:.1f}×" if r0 and std else "—"
        err = accuracy_of(acc, function, k)
        vs_peer = "—"
        if order and r0 and err is not None:
            best = None
            for p in peers:
                pe = accuracy_of(acc, function, p)
                pr = rates.get((function, p, primary))
                if pe is not None and pr and pe <= err and (best is None or pr > best[1]):
                    best = (p, pr)
            if best:
                vs_peer = f"{r0 / best[1]:.2f}× ({PEER_LABEL.get(best[0], best[0])})"
            else:
                vs_peer = "no peer as accurate"
        lines.append(f"| {name} | {order or '—'} | " + " | ".join(cells) +
                     f" | {vs_std} | {vs_peer} | {fmt_err(err)} |")
    copy = [rates.get(("copy", "simd", s)) for s in sizes] if kind == "elementwise" else []
    if any(copy):
        lines.append("| SIMD copy (roofline) | — | " +
                     " | ".join(f"{c / 1e9:.2f}" if c else "—" for c in copy) + " | | | |")
    return "\n".join(lines)


def goals_table(rates):
    lines = ["| goal | measured | |", "|---|---:|---|"]
    for text, num, den, want in GOALS:
        a, b = rates.get(num), rates.get(den)
        if not a or not b:
            continue
        ratio = a / b
        lines.append(f"| {text} | {ratio:.2f}× | {'met' if ratio >= want else 'MISSED'} |")
    return "\n".join(lines)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def pareto(points):
    """Points (ns, err, ...) not beaten by a point that is both faster and at least as accurate."""
    front, best = [], math.inf
    for p in sorted(points, key=lambda p: (p[0], p[1])):
        if p[1] < best:
            front.append(p)
            best = p[1]
    return front


def plot(path, rates, acc, functions, title):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"(matplotlib missing: install python3-matplotlib to draw {path})", file=sys.stderr)
        return
    n = len(functions)
    cols = 1 if n == 1 else 2
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(7.5 * cols, 5.5 * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    for ax, function in zip(axes.flat, functions):
        kind = "rows" if function in ROWS else "elementwise"
        primary = PRIMARY[kind]
        pts = []
        for k in kernels_of(rates, function):
            r = rates.get((function, k, primary))
            e = accuracy_of(acc, function, k)
            if not r or e is None or not math.isfinite(e):
                continue
            pts.append((1e9 / r, max(e, 1e-9), k))
        front = pareto(pts)
        if len(front) > 1:
            xs, ys = [p[0] for p in front], [p[1] for p in front]
            ax.step(xs, ys, where="post", color="tab:green", alpha=0.5, lw=2, zorder=1,
                    label="Pareto front")
        for x, y, k in pts:
            quake = order_of(k) is not None
            on_front = any(p[2] == k for p in front)
            ax.scatter([x], [y], s=70 if quake else 55, marker="o" if quake else "s",
                       color="tab:blue" if quake else "tab:red",
                       edgecolors="black" if on_front else "none", zorder=3)
            label = k.replace("quake", "quake::" + function) if quake else PEER_LABEL.get(k, k)
            # quake labels above-right, peers below-right, so near points stay readable.
            ax.annotate(label, (x, y), textcoords="offset points",
                        xytext=(6, 4) if quake else (6, -12), fontsize=8)
        copy = rates.get(("copy", "simd", primary)) if kind == "elementwise" else None
        if copy:
            ax.axvline(1e9 / copy, color="gray", ls="--", lw=1, label="SIMD copy (roofline)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        metric = acc.get(f"{function}/std", {}).get("metric", "")
        ax.set_xlabel(f"ns per element ({SIZE_LABEL.get(primary, primary)}"
                      f"{' floats, L1' if kind == 'elementwise' else ' per row, 64 rows'})")
        ax.set_ylabel(f"max error ({metric})" if metric else "max error")
        ax.set_title(function)
        ax.grid(True, which="both", alpha=0.3)
        ax.scatter([], [], marker="o", color="tab:blue", label="quake (orders)")
        ax.scatter([], [], marker="s", color="tab:red", label="peers")
        ax.legend(fontsize=8, loc="upper right")
    fig.suptitle(title, fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(path, dpi=110)
    print(f"\nplot: {path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", required=True, help="Google Benchmark JSON (quake_bench)")
    ap.add_argument("--accuracy", required=True, help="quake_bench_accuracy JSON")
    ap.add_argument("--plot", help="write the speed-accuracy plot (PNG) here")
    args = ap.parse_args()

    context, rates = load_rates(args.bench)
    with open(args.accuracy) as f:
        accuracy = json.load(f)
    acc = accuracy["kernels"]

    machine = (f"{cpu_model()}, {context.get('num_cpus', '?')} CPUs, quake SIMD arch "
               f"{context.get('quake_simd_arch', '?')}, FMA {context.get('quake_fma', '?')}")
    print(f"## quake benchmark report ({context.get('date', '')})\n")
    print(f"Machine: {machine}; host {context.get('host_name', '?')}.")
    if "sleef_exp" in context:
        print(f"SLEEF peer: `{context['sleef_exp']}`.")
    stride = accuracy.get("stride", 1)
    print("Accuracy: " + ("every float of each domain" if stride == 1 else
                          f"every {stride}-th float of each domain (sampled; stride 1 is "
                          "exhaustive)") +
          ", against double. Ratios at the size in brackets.\n")

    functions = [f for f in ELEMENTWISE + ROWS if any(k[0] == f for k in rates)]
    for function in functions:
        print(f"### {function}\n")
        print(function_table(function, rates, acc))
        if function == "exp":
            full = [(k, a["max_err"]) for key, a in acc.items()
                    for k in [key.split("/", 1)[1]]
                    if key.startswith("exp/") and a["max_err"] > 2 * a["max_err_core"]]
            print("\nexp's max error is over every x in [-87.34, 88] (e^x normal; every peer "
                  "finite)." + "".join(f" Up to 88.72: {PEER_LABEL.get(k, k)} {fmt_err(e)}."
                                       for k, e in full))
        print()
    print("### Speed goals (ratios from this run)\n")
    print(goals_table(rates))

    if args.plot:
        # One panel per function that has quake kernels (peers alone make no comparison).
        with_acc = [f for f in functions
                    if any(order_of(k) and f"{f}/{k}" in acc for k in kernels_of(rates, f))]
        plot(args.plot, rates, acc, with_acc,
             f"quake speed vs accuracy — {machine} — {context.get('date', '')[:10]}")


if __name__ == "__main__":
    main()
