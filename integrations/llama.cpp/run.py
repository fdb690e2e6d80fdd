#!/usr/bin/python3
"""quake inside llama.cpp, measured with llama.cpp's own tools (docs/llama.cpp.md).

One patched build serves every configuration: QUAKE_ORDER unset runs ggml's own code, 1..5 quake's
order; an unpatched build of the same tree (--stock-bin) makes the accuracy base. For each weight
type (SmolLM2-135M-Instruct Q4_1 as pinned; F32, Q8_0 and BF16 made from
it by llama-quantize --allow-requantize):
  accuracy  llama-perplexity on a fixed text (Debian's fortunes), flash attention off (quake
            routes its softmax op) and on (quake's online softmax step), the unpatched build with
            --kl-divergence-base, then the patched one with QUAKE_ORDER unset (whose own base
            file must be the unpatched one, byte for byte) and each order with --kl-divergence:
            PPL ratio, mean KLD, same top token; F32's checked against the limits below, with
            flash attention off and on (exit status 1 past any);
  speed     (--bench) llama-bench pp512, pp2048, tg128, flash attention off and on, 1 and 2
            threads, stock and each order, rounds alternating the configurations so drift hits
            all alike; medians of the rounds, ratios to stock.
Prints markdown tables and writes them, with the raw outputs, under --out.

Usage: run.py --bin DIR --stock-bin DIR --cache DIR --out DIR [--profile short|full] [--types T,...]
              [--bench [--bench-tests pp512,pp2048,tg128] [--bench-threads 1,2] [--rounds N]
              [--no-accuracy]]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "models"))
import fetch as model_fetch  # noqa: E402  (models/fetch.py: the pinned weights)

# The accuracy limits, per order, on F32 weights: |PPL ratio - 1|, mean KLD, least same-top-token
# share. F32 is the pinned Q4_1 model dequantized by llama-quantize (the same weights): its matmul
# reads the activations as they are. Quantized weight types quantize the activations to 8 bits
# before each matmul (Q8_0/Q8_1; BF16 rounds them to bf16), and that rounding turns any change of
# an activation, however small, into a whole quantisation step now and then: their KLD measures
# that amplification, not the exp's accuracy (docs/llama.cpp.md), and is reported, not limited.
LIMITS = {
    2: (1e-3, 5e-5, 0.99),
    3: (1e-4, 1e-5, 0.998),
    5: (5e-5, 1e-5, 0.998),
}
# QUAKE_ORDER unset runs ggml's own code, and is held to more than a limit, for every weight type:
# its --kl-divergence-base file (every scored token's log-probabilities over the whole vocabulary)
# must be byte-for-byte the unpatched build's, and its PPL the same. (A --kl-divergence run against
# the unpatched base could not show that: the base stores log-probabilities in 16 bits, so even
# identical logits give a mean KLD of about 1e-7 and can swap two near-tied top tokens.)
CHECKED = "F32"
PROFILES = {
    # CI: F32 (the checked type), 8 windows of 512 tokens, orders 2, 3, 5.
    "short": {"types": ["F32"], "chunks": 8, "orders": [2, 3, 5], "rounds": 1},
    # The whole matrix: about 1.5 h on the project's 2-core machine (40 min of it accuracy), of
    # which each speed round is 20 min.
    "full": {"types": ["F32", "Q4_1", "Q8_0", "BF16"], "chunks": 40, "orders": [2, 3, 5],
             "rounds": 2},
}
FORTUNES = "/usr/share/games/fortunes"
TEXT_FILES = ["literature", "wisdom", "people", "science", "politics", "work", "education",
              "humorists", "songs-poems", "love", "men-women", "platitudes", "computers",
              "definitions", "miscellaneous", "law", "medicine", "food", "goedel", "linux"]


class RunError(Exception):
    pass


def text(out):
    """Debian's fortunes as one text, in a fixed order: a real, held-out English text."""
    path = os.path.join(out, "fortunes.txt")
    parts = []
    for name in TEXT_FILES:
        f = os.path.join(FORTUNES, name)
        if os.path.exists(f):
            with open(f, encoding="utf-8", errors="replace") as fh:
                parts.append(fh.read().replace("\n%\n", "\n\n"))
    if not parts:
        raise RunError("no fortunes under %s (Debian package fortunes)" % FORTUNES)
    with open(path, "w") as fh:
        fh.write("".join(parts))
    return path


def run(cmd, order=None, log=None):
    env = dict(os.environ)
    env.pop("QUAKE_ORDER", None)
    if order:
        env["QUAKE_ORDER"] = str(order)
    res = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if log:
        with open(log, "w") as fh:
            fh.write(res.stdout + res.stderr)
    if res.returncode != 0:
        tail = (res.stderr.strip().splitlines() or ["no output"])[-1]
        raise RunError("%s (QUAKE_ORDER=%s) failed: %s" % (os.path.basename(cmd[0]), order or "",
                                                          tail))
    return res.stdout + res.stderr


def models(bin_dir, cache, out, types):
    gguf = None
    for m in model_fetch.read_manifest(os.path.join(HERE, "..", "..", "models", "models.txt")):
        if m["family"] == "decoder":
            gguf = model_fetch.fetch(m, cache)
    if gguf is None:
        raise RunError("models/models.txt pins no decoder")
    paths = {}
    for t in types:
        if t == "Q4_1":  # as pinned
            paths[t] = gguf
            continue
        p = os.path.join(out, "SmolLM2-135M-Instruct.%s.gguf" % t)
        if not os.path.exists(p):
            run([os.path.join(bin_dir, "llama-quantize"), "--allow-requantize", gguf, p, t],
                log=p + ".log")
        paths[t] = p
    return paths


def number(pattern, output, what):
    m = re.search(pattern, output)
    if not m:
        raise RunError("llama-perplexity printed no %s" % what)
    return float(m.group(1))


FINAL_PPL = r"Final estimate: PPL = ([0-9.]+)"  # llama-perplexity without --kl-divergence


def accuracy(bin_dir, stock_bin, model, txt, chunks, orders, threads, out, tag, fa):
    ppl = os.path.join(bin_dir, "llama-perplexity")
    tag = "%s.fa-%s" % (tag, fa)
    base = os.path.join(out, "%s.kld-base" % tag)
    common = ["-m", model, "-c", "512", "--chunks", str(chunks), "-t", str(threads), "-fa", fa]
    o = run([os.path.join(stock_bin, "llama-perplexity"), "-f", txt, "--kl-divergence-base", base]
            + common, log=os.path.join(out, "%s.stock.log" % tag))
    stock = number(FINAL_PPL, o, "PPL")
    rows = [{"order": "stock", "ppl": stock}]
    # The patched build with QUAKE_ORDER unset writes its own base file: it must be the unpatched
    # one, byte for byte.
    unset_base = os.path.join(out, "%s.unset.kld-base" % tag)
    o = run([ppl, "-f", txt, "--kl-divergence-base", unset_base] + common,
            log=os.path.join(out, "%s.order0.log" % tag))
    q = number(FINAL_PPL, o, "PPL")
    diff = first_difference(base, unset_base)
    os.remove(unset_base)
    rows.append({"order": "unset", "ppl": q, "ratio": q / stock, "difference": diff})
    # Each order against the unpatched base. The PPL ratio is taken to the unpatched run's own PPL,
    # not llama-perplexity's PPL(Q)/PPL(base): its PPL(base) comes from the 16-bit stored
    # log-probabilities, whose rounding alone moves it by 6e-4 over 40 windows of this text.
    for order in orders:
        o = run([ppl, "--kl-divergence-base", base, "--kl-divergence"] + common, order=order,
                log=os.path.join(out, "%s.order%s.log" % (tag, order)))
        q = number(r"Mean PPL\(Q\)\s*:\s*([0-9.]+)", o, "PPL(Q)")
        rows.append({
            "order": order,
            "ppl": q,
            "ratio": q / stock,
            "kld": number(r"Mean\s+KLD:\s*([-0-9.e]+)", o, "mean KLD"),
            "same_top": number(r"Same top p:\s*([0-9.]+)", o, "same top p") / 100,
        })
    os.remove(base)  # 1 GB per 40 windows
    return rows


def first_difference(a, b, block=1 << 20):
    """None when files a and b hold the same bytes, else the offset of the first that differs."""
    with open(a, "rb") as fa, open(b, "rb") as fb:
        offset = 0
        while True:
            x, y = fa.read(block), fb.read(block)
            if x != y:
                n = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
                return offset + n
            if not x:
                return None
            offset += len(x)


def check(rows, tag):
    bad = []
    for r in rows:
        if r["order"] == "unset":
            if r["difference"] is not None or r["ppl"] != rows[0]["ppl"]:
                bad.append("%s QUAKE_ORDER unset: not the unpatched build's logits (PPL %.4f "
                           "against %.4f; base files first differ at byte %s)" %
                           (name(tag), r["ppl"], rows[0]["ppl"], r["difference"]))
            continue
        limits = LIMITS.get(r["order"])
        if tag[0] != CHECKED or not limits:
            continue
        ratio_lim, kld_lim, top_lim = limits
        if not abs(r["ratio"] - 1) <= ratio_lim:
            bad.append("%s order %s: PPL ratio %.6f, limit 1 +- %g" % (name(tag), r["order"],
                                                                    r["ratio"], ratio_lim))
        if not r["kld"] <= kld_lim:
            bad.append("%s order %s: mean KLD %.6f, limit %g" % (name(tag), r["order"], r["kld"],
                                                                  kld_lim))
        if not r["same_top"] >= top_lim:
            bad.append("%s order %s: same top token %.2f %%, limit %.1f %%" %
                       (name(tag), r["order"], 100 * r["same_top"], 100 * top_lim))
    return bad


def name(tag):
    """(weights, flash attention) as a table cell."""
    return "%s | %s" % tag


def accuracy_table(results):
    lines = ["| weights | flash attn | QUAKE_ORDER | PPL | PPL / stock | mean KLD | same top token |",
             "|---|---|---|---:|---:|---:|---:|"]
    for tag, rows in results.items():
        for r in rows:
            if "ratio" not in r:
                lines.append("| %s | unpatched (base) | %.4f | | | |" % (name(tag), r["ppl"]))
            elif r["order"] == "unset":
                lines.append("| %s | unset | %.4f | %.6f | %s | |" %
                             (name(tag), r["ppl"], r["ratio"],
                              "identical base file" if r["difference"] is None else "**differ**"))
            else:
                lines.append("| %s | %s | %.4f | %.6f | %.6f | %.2f %% |" %
                             (name(tag), r["order"], r["ppl"], r["ratio"], r["kld"],
                              100 * r["same_top"]))
    return "\n".join(lines)


BENCH_TESTS = {"pp512": ["-p", "512", "-n", "0"], "pp2048": ["-p", "2048", "-n", "0"],
               "tg128": ["-p", "0", "-n", "128"]}


def bench(bin_dir, model, orders, rounds, out, tag, tests=tuple(BENCH_TESTS), threads_list=(1, 2)):
    """llama-bench, one configuration at a time, rounds alternating them; t/s medians."""
    exe = os.path.join(bin_dir, "llama-bench")
    got = {}
    for rnd in range(rounds):
        for test in tests:
            args = BENCH_TESTS[test]
            for fa in (0, 1):
                for threads in threads_list:
                    for order in [0] + orders:
                        o = run([exe, "-m", model, "-r", "1", "-fa", str(fa), "-t", str(threads),
                                 "-o", "json"] + args, order=order)
                        ts = json.loads(o[o.index("["):o.rindex("]") + 1])[0]["avg_ts"]
                        got.setdefault((test, fa, threads, order), []).append(ts)
    with open(os.path.join(out, "%s.bench.json" % tag), "w") as fh:
        json.dump({"%s fa%d t%d order%d" % k: v for k, v in got.items()}, fh, indent=1)
    return {k: statistics.median(v) for k, v in got.items()}


def bench_table(results, orders):
    head = "| weights | test | flash attn | threads | stock t/s | " + \
        " | ".join("quake<%d> / stock" % o for o in orders) + " |"
    lines = [head, "|---|---|---|---:|---:|" + "---:|" * len(orders)]
    for tag, med in results.items():
        # The tests in BENCH_TESTS' order (pp512, pp2048, tg128), then flash attention, threads.
        for (test, fa, threads, order), ts in sorted(
                med.items(), key=lambda kv: (list(BENCH_TESTS).index(kv[0][0]),) + kv[0][1:]):
            if order != 0:
                continue
            ratios = " | ".join("%.3f×" % (med[(test, fa, threads, o)] / ts) for o in orders)
            lines.append("| %s | %s | %s | %d | %.1f | %s |" % (tag, test, "on" if fa else "off",
                                                               threads, ts, ratios))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="the patched build's bin directory")
    ap.add_argument("--stock-bin", required=True, help="the unpatched build's bin directory")
    ap.add_argument("--cache", required=True, help="models' download cache")
    ap.add_argument("--out", required=True)
    ap.add_argument("--profile", choices=sorted(PROFILES), default="full")
    known = PROFILES["full"]["types"]
    ap.add_argument("--types", help="weight types instead of the profile's, comma-separated (%s)"
                    % ", ".join(known))
    ap.add_argument("--bench", action="store_true", help="measure speed too (never in CI)")
    ap.add_argument("--bench-tests", default=",".join(BENCH_TESTS),
                    help="llama-bench tests, comma-separated (default: %(default)s)")
    ap.add_argument("--bench-threads", default="1,2", help="thread counts (default: %(default)s)")
    ap.add_argument("--no-accuracy", action="store_true", help="speed only (with --bench)")
    ap.add_argument("--rounds", type=int, help="speed rounds instead of the profile's (%s)" %
                    ", ".join("%s %d" % (k, v["rounds"]) for k, v in PROFILES.items()))
    args = ap.parse_args()
    tests = args.bench_tests.split(",")
    if not set(tests) <= set(BENCH_TESTS):
        ap.error("--bench-tests: known tests are %s" % ", ".join(BENCH_TESTS))
    try:
        threads = [int(t) for t in args.bench_threads.split(",")]
    except ValueError:
        ap.error("--bench-threads: comma-separated thread counts")
    if args.no_accuracy and not args.bench:
        ap.error("--no-accuracy measures nothing without --bench")
    prof = dict(PROFILES[args.profile])
    if args.rounds is not None:
        if args.rounds < 1:
            ap.error("--rounds: at least 1")
        prof["rounds"] = args.rounds
    if args.types:
        prof["types"] = args.types.split(",")
        unknown = sorted(set(prof["types"]) - set(known))
        if unknown:
            ap.error("unknown weight type %s (known: %s)" % (", ".join(unknown), ", ".join(known)))
    os.makedirs(args.out, exist_ok=True)
    try:
        txt = text(args.out)
        paths = models(args.bin, args.cache, args.out, prof["types"])
        acc, bad = {}, []
        for tag, model in ({} if args.no_accuracy else paths).items():
            for fa in ("off", "on"):
                acc[(tag, fa)] = accuracy(args.bin, args.stock_bin, model, txt, prof["chunks"],
                                          prof["orders"], 2, args.out, tag, fa)
                bad += check(acc[(tag, fa)], (tag, fa))
        report = [] if args.no_accuracy else [
            "## Accuracy: llama-perplexity --kl-divergence, %d windows of 512 tokens" %
            prof["chunks"], "", accuracy_table(acc), ""]
        if args.bench:
            speed = {tag: bench(args.bin, m, prof["orders"], prof["rounds"], args.out, tag, tests,
                                threads)
                     for tag, m in paths.items()}
            report += ["## Speed: llama-bench, median of %d alternating rounds" % prof["rounds"],
                       "", bench_table(speed, prof["orders"]), ""]
    except (RunError, model_fetch.FetchError, OSError, ValueError, KeyError) as e:
        print("run.py: %s" % e, file=sys.stderr)
        return 1
    text_out = "\n".join(report)
    print(text_out)
    with open(os.path.join(args.out, "report.md"), "w") as fh:
        fh.write(text_out)
    for b in bad:
        print("run.py: outside its limit: %s" % b, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
