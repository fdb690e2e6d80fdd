#!/usr/bin/python3
"""Turn quake_bench's Google Benchmark JSON and quake_bench_accuracy's JSON into the speed tables
of docs/performance.md and README.md (Markdown) and the speed-accuracy plot.

    quake_bench --benchmark_out=bench.json --benchmark_out_format=json
    quake_bench_accuracy --out accuracy.json
    /usr/bin/python3 bench/report.py --bench bench.json --accuracy accuracy.json \\
        [--plot docs/speed_accuracy.png] [--update README.md docs/performance.md]

The functions, their error measures and each kernel's role (quake, a SIMD peer, the scalar std::
baseline, a variant of quake's algorithm, the copy and 1/x rooflines) come from the accuracy JSON,
which quake_bench_accuracy writes from quake's registry and bench/kernels.cpp. Benchmarks are named
"<function>/<kernel>/<size>"; with --benchmark_repetitions > 1 the medians are used. A peer counts
as "as accurate" when its max error over the sample range is at most quake's.

--update replaces the text between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in each
file (NAME: headline, tables) with this run's tables. Needs only the standard library, plus
matplotlib (Debian's python3-matplotlib) for the plot.
"""

import argparse
import datetime
import json
import math
import re
import sys

PRIMARY = {"elementwise": 4096, "rows": 1024}
SIZE_LABEL = {256: "256", 4096: "4 Ki", 65536: "64 Ki", 4194304: "4 Mi", 16: "16", 32: "32",
              64: "64", 128: "128", 1024: "1024", 8192: "8192"}
SHORT_ROWS = (16, 32, 64, 128)
MASKED = ("softmax_masked", "softmax_causal")
# Rows under every element-wise table: a load and a store of each element (the memory bound), and
# one division of each (the bound of a kernel that divides).
ROOFLINES = (("copy", "SIMD copy (roofline)"), ("divide", "SIMD 1/x (division roofline)"))
PEER_LABEL = {
    "std": "std:: loop",
    "xsimd": "xsimd",
    "sleef_u10": "SLEEF u10",
    "libmvec": "glibc libmvec",
    "xnnpack": "XNNPACK",
    "onednn": "oneDNN",
    "two_pass<2>": "two-pass<2> (variant)",
    "folded<2>": "folded<2> (variant)",
    "newton<2>": "Newton reciprocal<2> (variant)",
    "newton_mix<2>": "Newton in 1 of 4<2> (variant)",
    "table<4>": "table, degree 4 (variant)",
    "table<5>": "table, degree 5 (variant)",
}


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
    m = re.fullmatch(r"(?:quake|dispatch)<(\d+)>", kernel)
    return int(m.group(1)) if m else None


def label(kernel):
    if order_of(kernel):
        return kernel
    return PEER_LABEL.get(kernel, kernel)


def fmt_err(e):
    if e is None:
        return "—"
    if math.isinf(e) or math.isnan(e):
        return str(e)
    return f"{e:.2e}"


class Report:
    def __init__(self, context, rates, accuracy):
        self.context, self.rates = context, rates
        self.functions = accuracy["functions"]
        self.roles = accuracy["roles"]
        self.acc = accuracy["kernels"]
        self.stride = accuracy.get("stride", 1)

    def role(self, function, kernel):
        return self.roles.get(f"{function}/{kernel}", "peer")

    def error(self, function, kernel):
        a = self.acc.get(f"{function}/{kernel}")
        return None if a is None else a["max_err_sample"]

    def primary(self, function):
        return PRIMARY["rows" if self.functions[function]["rows"] else "elementwise"]

    def kernels_of(self, function):
        seen = sorted({k for (f, k, _) in self.rates if f == function})
        quake = sorted((k for k in seen if self.role(function, k) == "quake"), key=order_of)
        order = {"peer": 0, "variant": 1, "baseline": 2}
        others = sorted((k for k in seen if self.role(function, k) != "quake"),
                        key=lambda k: (order.get(self.role(function, k), 3), k))
        return quake + others

    def sizes_of(self, function):
        return sorted({s for (f, _, s) in self.rates if f == function})

    def fastest_peer(self, function, err, size):
        """The fastest SIMD peer whose error is at most err: (kernel, rate, True); when every
        peer is less accurate, the most accurate one: (kernel, rate, False); None without peers."""
        best, closest = None, None
        for k in self.kernels_of(function):
            if self.role(function, k) != "peer":
                continue
            pe, pr = self.error(function, k), self.rates.get((function, k, size))
            if pe is None or not pr:
                continue
            if pe <= err and (best is None or pr > best[1]):
                best = (k, pr, True)
            if closest is None or pe < self.error(function, closest[0]):
                closest = (k, pr, False)
        return best or closest

    def versus(self, rate, best, with_rate=False):
        """'1.23× (oneDNN 2.00)', marked when the peer is less accurate than quake."""
        if not best:
            return "no SIMD peer"
        k, pr, as_accurate = best
        what = label(k) + (f" {pr / 1e9:.2f}" if with_rate else "")
        return f"{rate / pr:.2f}× ({what}{'' if as_accurate else ', less accurate'})"

    def function_table(self, function):
        primary = self.primary(function)
        sizes = self.sizes_of(function)
        std = self.rates.get((function, "std", primary))
        lab = SIZE_LABEL.get(primary, primary)
        size_cols = " | ".join(f"G/s {SIZE_LABEL.get(s, s)}" for s in sizes)
        lines = [f"| kernel | {size_cols} | vs std:: ({lab}) | vs fastest SIMD peer as accurate "
                 f"({lab}) | max error |",
                 "|---|" + "---:|" * len(sizes) + "---:|---|---:|"]
        for k in self.kernels_of(function):
            cells = [f"{r / 1e9:.2f}" if (r := self.rates.get((function, k, s))) else "—"
                     for s in sizes]
            r0 = self.rates.get((function, k, primary))
            vs_std = f"{r0 / std:.1f}×" if r0 and std and k != "std" else "—"
            err = self.error(function, k)
            vs_peer = "—"
            if self.role(function, k) == "quake" and r0 and err is not None:
                vs_peer = self.versus(r0, self.fastest_peer(function, err, primary))
            lines.append(f"| {label(k)} | " + " | ".join(cells) +
                         f" | {vs_std} | {vs_peer} | {fmt_err(err)} |")
        if not self.functions[function]["rows"]:
            for roof, what in ROOFLINES:
                rates = [self.rates.get((roof, "simd", s)) for s in sizes]
                if any(rates):
                    lines.append(f"| {what} | " +
                                 " | ".join(f"{c / 1e9:.2f}" if c else "—" for c in rates) +
                                 " | | | |")
        return "\n".join(lines)

    def headline(self):
        """One row per function: quake<2> and quake<5> against the fastest peer as accurate."""
        lines = ["| function | quake<2> G/s | vs fastest peer as accurate | quake<5> G/s | "
                 "vs fastest peer as accurate |",
                 "|---|---:|---|---:|---|"]
        for function in self.function_names():
            size = self.primary(function)
            cells = []
            for order in (2, 5):
                k = f"quake<{order}>"
                r, e = self.rates.get((function, k, size)), self.error(function, k)
                if not r or e is None:
                    cells += ["—", "—"]
                    continue
                cells += [f"{r / 1e9:.2f}",
                          self.versus(r, self.fastest_peer(function, e, size), with_rate=True)]
            what = function + (" (rows of 1024)" if self.functions[function]["rows"] else "")
            lines.append(f"| {what} | " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def function_names(self):
        return [f for f in self.functions
                if f not in MASKED and any(k[0] == f for k in self.rates)]

    def machine(self):
        return (f"{cpu_model()}, {self.context.get('num_cpus', '?')} CPUs, quake SIMD arch "
                f"{self.context.get('quake_simd_arch', '?')}, FMA "
                f"{self.context.get('quake_fma', '?')}")

    def preamble(self):
        date = self.context.get("date", "")[:10] or str(datetime.date.today())
        nth = {1: "st", 2: "nd", 3: "rd"}.get(self.stride % 10 if self.stride % 100 not in
                                              (11, 12, 13) else 0, "th")
        acc = ("every float of each domain" if self.stride == 1 else
               f"every {self.stride}{nth} float of each domain")
        return (f"Measured {date} on {self.machine()}, one thread, by `quake_bench` and "
                f"`quake_bench_accuracy` (accuracy: {acc}, against double).")

    def tables(self):
        out = [self.preamble(), ""]
        if "sleef_exp" in self.context:
            out += [f"SLEEF entry point: `{self.context['sleef_exp']}`.", ""]
        for function in self.function_names():
            measure = self.functions[function]["measure"]
            out += [f"#### {function}", "", f"Max error: {measure}, over the sample range.", "",
                    self.function_table(function), ""]
        dispatch_arch = self.context.get("quake_dispatch_arch", "?")
        sections = [
            ("quake::dispatch from baseline code", self.dispatch_table(),
             "Throughput of `quake::dispatch::f<N>` called from code compiled for baseline "
             "x86-64 (`bench/dispatched.cpp`, `-march=x86-64`; the library picked "
             f"`{dispatch_arch}`) over the header-only `quake::f<N>` of this `-march=native` "
             "build, same run (1.00 = as fast). Element-wise at 256, 4 Ki and 4 Mi floats; rows "
             "at 128, 1024 and 8192."),
            ("16-bit storage", self.storage_table(),
             "Throughput (elements/s) of each function on `quake::bfloat16` and "
             "`quake::float16` arrays over the same function on float arrays, same run "
             "(`bench/storage_bench.cpp`; 1.00× = as fast). 4 Ki elements: in L1; 4 Mi: "
             "beyond the caches. Row functions: 4 rows of 1024 and 512 rows of 8192. exp in "
             "float16 arithmetic (`bench/fp16_arith.hpp`, not a library function): over "
             "float exp<2>, where the CPU has AVX512-FP16."),
            ("Short rows", self.short_rows_table(),
             "Throughput of `softmax<N>` (64 rows of each length) over a plain xsimd loop on "
             "the same rows, same run: three passes of whole batches and a scalar tail, "
             "`xsimd::exp` (`xsimd_softmax` in `bench/kernels.cpp`; about as accurate as order 5: "
             "the softmax table gives both errors). 1.00× = as fast."),
            ("softmax(scale·x + mask)", self.masked_table(),
             "Time of `softmax<N>(in, out, rows, cols, 0.125f, mask, cols)` over the time "
             "of the plain `softmax<N>` on the same rows, in the same run (1.00 = free). "
             "Full: every mask value read, none −inf. Causal: row r of R sees the first "
             "(r + 1)/R of its columns, the rest −inf. 64 rows, so that in, mask and out live "
             "in L2 from 128 columns and in L3 at 8192, where the mask is a stream as large as "
             "the scores; \"in L1\": full masks on as many rows as keep in, mask and out "
             "within 24 KiB (16 of 128, 2 of 1024), where the mask costs its arithmetic and "
             "per-row work only."),
        ]
        for title, table, text in sections:
            if table:
                out += [f"#### {title}", "", text, "", table, ""]
        return "\n".join(out).rstrip() + "\n"

    def dispatch_table(self):
        """Rate of dispatch<N> over quake<N>, per function and order, at the smallest size, in
        L1 and beyond the caches."""
        pairs = sorted({(f, k) for (f, k, _) in self.rates if k.startswith("dispatch<")},
                       key=lambda p: (self.functions[p[0]]["rows"] if p[0] in self.functions
                                      else 0, p[0], order_of(p[1])))
        if not pairs:
            return ""
        columns = {False: (256, 4096, 4194304), True: (128, 1024, 8192)}
        lines = ["| function | order | 256 floats / rows of 128 | 4 Ki / rows of 1024 | "
                 "4 Mi / rows of 8192 |", "|---|---:|---:|---:|---:|"]
        for f, k in pairs:
            native = "quake<" + k[len("dispatch<"):]
            rows = bool(self.functions.get(f, {}).get("rows"))
            cells = []
            for size in columns[rows]:
                d, q = self.rates.get((f, k, size)), self.rates.get((f, native, size))
                cells.append(f"{d / q:.2f}" if d and q else "—")
            lines.append(f"| {f} | {order_of(k)} | " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def storage_table(self):
        """Rate of the 16-bit forms over the float form, per function, in L1 and beyond the
        caches; and quake's bf16 softmax over oneDNN's."""
        r = {(k, s): v for (f, k, s), v in self.rates.items() if f == "storage"}
        if not r:
            return ""
        sizes = (4096, 4194304)
        lines = ["| function | bf16, 4 Ki | fp16, 4 Ki | bf16, 4 Mi | fp16, 4 Mi |",
                 "|---|---:|---:|---:|---:|"]
        kinds = []  # (label, 16-bit kind without the type, float kind), in the list's order
        for f in self.functions:
            measured = (re.fullmatch(re.escape(f) + r"<(\d+)>:float", k) for (k, _) in r)
            for n in sorted({int(m.group(1)) for m in measured if m}):
                rows = bool(self.functions[f]["rows"])
                kinds.append((f"{f}<{n}>" + (", rows of 1024 / 8192" if rows else ""),
                              f"{f}<{n}>:", f"{f}<{n}>:float"))
                if any(k.startswith(f"{f}<{n}>:float_to_") for (k, _) in r):
                    kinds.append((f"{f}<{n}>, float scores to 16-bit", f"{f}<{n}>:float_to_",
                                  f"{f}<{n}>:float"))
        for name, kind, base in kinds:
            cells = []
            for size in sizes:
                for t in ("bfloat16", "float16"):
                    a, b = r.get((kind + t, size)), r.get((base, size))
                    cells.append(f"{a / b:.2f}×" if a and b else "—")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        for degree in (2, 3):
            a = [r.get((f"fp16_arith_exp<{degree}>:float16", s)) for s in sizes]
            b = [r.get(("exp<2>:float", s)) for s in sizes]
            if any(a):
                cells = [f"{x / y:.2f}×" if x and y else "—" for x, y in zip(a, b)]
                lines.append(f"| exp in float16 arithmetic (AVX512-FP16), degree {degree} | — | "
                             f"{cells[0]} | — | {cells[1]} |")
        peer = [r.get(("softmax<2>:bfloat16", s)) and r.get(("onednn_softmax:bfloat16", s)) and
                r[("softmax<2>:bfloat16", s)] / r[("onednn_softmax:bfloat16", s)] for s in sizes]
        if any(peer):
            cells = [f"{p:.2f}×" if p else "—" for p in peer]
            lines.append(f"| bf16 softmax<2> over oneDNN's bf16 softmax | {cells[0]} | — | "
                         f"{cells[1]} | — |")
        return "\n".join(lines)

    def short_rows_table(self):
        """Rate of quake's softmax over the plain xsimd loop, per order, at the short lengths."""
        sizes = [s for s in SHORT_ROWS if self.rates.get(("softmax", "xsimd", s))]
        kernels = sorted({k for (f, k, _) in self.rates
                          if f == "softmax" and self.role(f, k) == "quake"}, key=order_of)
        if not sizes or not kernels:
            return ""
        lines = ["| kernel | " + " | ".join(f"rows of {s}" for s in sizes) + " |",
                 "|---|" + "---:|" * len(sizes)]
        for k in kernels:
            cells = []
            for s in sizes:
                q, x = self.rates.get(("softmax", k, s)), self.rates.get(("softmax", "xsimd", s))
                cells.append(f"{q / x:.2f}×" if q and x else "—")
            lines.append(f"| {label(k)} | " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def masked_table(self):
        """Time ratio of the scaled, masked softmax to the plain one, per order and row length."""
        sizes = sorted({s for (f, _, s) in self.rates if f in MASKED})
        kernels = sorted({k for (f, k, _) in self.rates if f in MASKED}, key=order_of)
        if not sizes or not kernels:
            return ""
        l1 = sorted({s for (f, _, s) in self.rates if f == "softmax_masked_l1"})
        cols = " | ".join([f"{m} {SIZE_LABEL.get(s, s)}" for m in ("full", "causal") for s in sizes] +
                          [f"full {SIZE_LABEL.get(s, s)}, in L1" for s in l1])
        lines = [f"| kernel | {cols} |", "|---|" + "---:|" * (2 * len(sizes) + len(l1))]
        for k in kernels:
            cells = []
            for plain_f, function, lengths in [("softmax", f, sizes) for f in MASKED] + [
                    ("softmax_l1", "softmax_masked_l1", l1)]:
                for s in lengths:
                    plain, r = self.rates.get((plain_f, k, s)), self.rates.get((function, k, s))
                    cells.append(f"{plain / r:.2f}×" if plain and r else "—")
            lines.append(f"| {label(k)} | " + " | ".join(cells) + " |")
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


def plot(path, report):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"(matplotlib missing: install python3-matplotlib to draw {path})", file=sys.stderr)
        return
    functions = [f for f in report.function_names()
                 if any(report.role(f, k) == "quake" and report.error(f, k) is not None
                        for k in report.kernels_of(f))]
    n = len(functions)
    cols = 1 if n == 1 else 2
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(7.5 * cols, 5.0 * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    for ax, function in zip(axes.flat, functions):
        primary = report.primary(function)
        pts = []
        for k in report.kernels_of(function):
            r, e = report.rates.get((function, k, primary)), report.error(function, k)
            if not r or e is None or not math.isfinite(e) or report.role(function, k) == "dispatch":
                continue
            pts.append((1e9 / r, max(e, 1e-9), k))
        front = pareto(pts)
        if len(front) > 1:
            ax.step([p[0] for p in front], [p[1] for p in front], where="post", color="tab:green",
                    alpha=0.5, lw=2, zorder=1, label="Pareto front")
        for x, y, k in pts:
            quake = report.role(function, k) == "quake"
            ax.scatter([x], [y], s=70 if quake else 55, marker="o" if quake else "s",
                       color="tab:blue" if quake else "tab:red",
                       edgecolors="black" if any(p[2] == k for p in front) else "none", zorder=3)
            ax.annotate(label(k), (x, y), textcoords="offset points",
                        xytext=(6, 4) if quake else (6, -12), fontsize=8)
        copy = report.rates.get(("copy", "simd", primary))
        if copy and not report.functions[function]["rows"]:
            ax.axvline(1e9 / copy, color="gray", ls="--", lw=1, label=dict(ROOFLINES)["copy"])
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(f"ns per element ({SIZE_LABEL.get(primary, primary)}"
                      f"{' per row, 64 rows' if report.functions[function]['rows'] else ' floats, L1'})")
        ax.set_ylabel(f"max error ({report.functions[function]['measure']})")
        ax.set_title(function)
        ax.grid(True, which="both", alpha=0.3)
        ax.scatter([], [], marker="o", color="tab:blue", label="quake (orders)")
        ax.scatter([], [], marker="s", color="tab:red", label="peers, baselines")
        ax.legend(fontsize=8, loc="upper right")
    fig.suptitle(f"quake speed vs accuracy — {report.machine()} — "
                 f"{report.context.get('date', '')[:10]}", fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(path, dpi=100)
    print(f"\nplot: {path}")


def update(path, blocks):
    with open(path) as f:
        text = f.read()
    for name, body in blocks.items():
        open_tag, close_tag = f"<!-- bench:{name} -->\n", f"<!-- /bench:{name} -->"
        start = text.find(open_tag)
        if start < 0:
            continue
        end = text.find(close_tag, start)
        if end < 0:
            sys.exit(f"{path}: bench:{name} is not closed")
        text = text[:start + len(open_tag)] + body + text[end:]
    with open(path, "w") as f:
        f.write(text)
    print(f"updated {path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", required=True, help="Google Benchmark JSON (quake_bench)")
    ap.add_argument("--accuracy", required=True, help="quake_bench_accuracy JSON")
    ap.add_argument("--plot", help="write the speed-accuracy plot (PNG) here")
    ap.add_argument("--update", nargs="*", default=[], help="files whose bench: blocks to rewrite")
    args = ap.parse_args()

    context, rates = load_rates(args.bench)
    with open(args.accuracy) as f:
        report = Report(context, rates, json.load(f))

    headline = report.preamble() + "\n\n" + report.headline() + "\n"
    tables = report.tables()
    print("## Headline\n\n" + headline + "\n## Per function\n\n" + tables)
    for path in args.update:
        update(path, {"headline": headline, "tables": tables})
    if args.plot:
        plot(args.plot, report)


if __name__ == "__main__":
    main()
