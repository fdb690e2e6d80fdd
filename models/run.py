#!/usr/bin/python3
"""The `models` workflow: fetch the pinned models, check the runner against PyTorch, measure.

For each model of models.txt: models/validate.py (the runner's exact backend against
PyTorch), then `quake_models eval` with every backend on the model's task -- the encoder on
512-token inputs (speed, cosine to exact) and on fortunes entries of ten topics (leave-one-out
kNN topic accuracy), the decoder on a long text (prefill speed, perplexity, agreement with
exact). Prints one Markdown table per model, writes each run's JSON to --out, and fails when the
runner disagrees with PyTorch or a backend's accuracy leaves the documented limits (LIMITS).

Profiles: full (the figures of docs/models.md: 32 inputs of 512 tokens, 10 x 100 kNN entries,
2048-token windows over a whole text, every backend) and short (CI: 4 inputs, 10 x 12 entries,
one 256-token window pair, backends exact, simd, quake2, quake5).
Input texts come from Debian's `fortunes` package (/usr/share/games/fortunes).
"""
import argparse
import functools
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fetch  # noqa: E402
from limits import at_least, at_most  # noqa: E402

FORTUNES = "/usr/share/games/fortunes"
TOPICS = ["computers", "food", "science", "sports", "politics", "law", "medicine", "education",
          "love", "drugs"]
LONG_TEXTS = ["songs-poems", "literature", "people", "science"]  # the encoder's 512-token inputs
PERPLEXITY_TEXT = "tao"  # The Tao of Programming: prose, about 9k tokens

PROFILES = {
    "full": {"backends": "exact,simd,quake1,quake2,quake3,quake4,quake5", "long_inputs": 32,
             "per_topic": 100, "ctx": 2048, "max_tokens": None},
    "short": {"backends": "exact,simd,quake2,quake5", "long_inputs": 4, "per_topic": 12,
              "ctx": 256, "max_tokens": 512},
}

# Accuracy the documentation promises for each backend (checked on every run; speed never is):
# cosine to exact (min over inputs), perplexity relative to exact, top-1 agreement, kNN points.
LIMITS = {
    "quake2": {"cosine_min": 0.9999, "perplexity": 0.01, "top1": 0.99, "knn_points": 0.5},
    "quake3": {"cosine_min": 0.9999, "perplexity": 0.001, "knn_points": 0.5},
    "quake4": {"cosine_min": 0.9999, "perplexity": 0.001, "knn_points": 0.5},
    "quake5": {"cosine_min": 0.9999, "perplexity": 0.0001, "knn_points": 0.5},
    "simd": {"cosine_min": 0.9999, "perplexity": 0.0001, "knn_points": 0.5},
}


@functools.lru_cache(maxsize=None)
def entries(topic):
    """The fortunes of one file, each joined into one line (read once; callers do not modify)."""
    with open(os.path.join(FORTUNES, topic), encoding="utf-8", errors="replace") as f:
        text = f.read()
    out = []
    for e in text.split("\n%\n"):
        line = " ".join(e.split())
        if len(line) >= 20:
            out.append(line)
    return out


def long_inputs(count):
    """Lines of at least 600 words (over 512 tokens: the runner truncates them at 512)."""
    words = []
    for t in LONG_TEXTS:
        for e in entries(t):
            words.extend(e.split())
    lines = []
    for i in range(count):
        chunk = words[i * 600:(i + 1) * 600]
        if len(chunk) < 600:
            break
        lines.append(" ".join(chunk))
    return lines


def run(cmd):
    print("$ " + " ".join(cmd), flush=True)
    res = subprocess.run(cmd)
    if res.returncode != 0:
        raise SystemExit("models: command failed (exit %d): %s" % (res.returncode, " ".join(cmd)))


def eval_json(args, model, text, out, extra):
    cmd = [args.runner, "eval", "--model", model, "--text", text, "--json", out,
           "--backends", PROFILES[args.profile]["backends"], "--threads", "1"] + extra
    run(cmd)
    with open(out) as f:
        return json.load(f)


def table(title, result, columns):
    b = result["backends"]
    exact, simd = b["exact"]["seconds"], b.get("simd", {}).get("seconds")
    lines = ["", "### " + title, "",
             "| backend | seconds | tokens/s | vs exact | vs simd | non-linear share | " +
             " | ".join(c[0] for c in columns) + " |",
             "|---|---:|---:|---:|---:|---:|" + "---:|" * len(columns)]
    for name, r in b.items():
        cells = ["`%s`" % name, "%.2f" % r["seconds"], "%.0f" % r["tokens_per_second"],
                 "%.2f×" % (exact / r["seconds"]),
                 "%.2f×" % (simd / r["seconds"]) if simd else "–",
                 "%.1f%%" % (100 * r["nonlinear_share"])]
        cells += [c[1](name, r) for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def check(results):
    """The documented limits that the results break (every one of them fails on NaN or null)."""
    problems = []
    enc, knn, dec = results["encoder_speed"], results["encoder_knn"], results["decoder"]
    for name, lim in LIMITS.items():
        if name in enc["backends"] and not at_least(enc["backends"][name]["cosine_min"],
                                                   lim["cosine_min"]):
            problems.append("%s: MiniLM cosine to exact %s, not >= %g" %
                            (name, enc["backends"][name]["cosine_min"], lim["cosine_min"]))
        if name in knn["backends"]:
            a, e = knn["backends"][name]["knn_accuracy"], knn["backends"]["exact"]["knn_accuracy"]
            d = 100 * abs(a - e) if at_least(a, 0) and at_least(e, 0) else float("nan")
            if not at_most(d, lim["knn_points"]):
                problems.append("%s: kNN accuracy %s points from exact's" % (name, d))
        if name in dec["backends"]:
            r, e = dec["backends"][name], dec["backends"]["exact"]
            ok = at_least(r["perplexity"], 0) and at_least(e["perplexity"], 0)
            rel = abs(r["perplexity"] / e["perplexity"] - 1) if ok else float("nan")
            if not at_most(rel, lim["perplexity"]):
                problems.append("%s: perplexity %s vs exact %s (%.4f%%, not <= %g%%)" %
                                (name, r["perplexity"], e["perplexity"], 100 * rel,
                                 100 * lim["perplexity"]))
            if "top1" in lim and not at_least(r["top1_agreement"], lim["top1"]):
                problems.append("%s: top-1 agreement %s, not >= %g" %
                                (name, r["top1_agreement"], lim["top1"]))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runner", required=True)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--profile", choices=sorted(PROFILES), default="full")
    args = ap.parse_args()
    prof = PROFILES[args.profile]
    os.makedirs(args.out, exist_ok=True)
    if not os.path.isdir(FORTUNES):
        raise SystemExit("models: %s is missing (Debian: apt-get install fortunes)" % FORTUNES)
    try:
        models = {m["family"]: fetch.fetch(m, args.cache)
                  for m in fetch.read_manifest(os.path.join(HERE, "models.txt"))}
    except fetch.FetchError as e:
        raise SystemExit("models: %s" % e)
    for family, path in models.items():
        print("models: %s %s" % (family, path))

    # Inputs.
    speed_txt = os.path.join(args.out, "minilm_512.txt")
    with open(speed_txt, "w") as f:
        f.write("\n".join(long_inputs(prof["long_inputs"])) + "\n")
    knn_txt, knn_labels = os.path.join(args.out, "topics.txt"), os.path.join(args.out, "topics.labels")
    with open(knn_txt, "w") as t, open(knn_labels, "w") as l:
        for topic in TOPICS:
            for e in entries(topic)[:prof["per_topic"]]:
                t.write(e + "\n")
                l.write(topic + "\n")
    ppl_txt = os.path.join(FORTUNES, PERPLEXITY_TEXT)

    # The runner against PyTorch: 48 fortunes and two 512-token inputs; a 256-token window.
    check_txt = os.path.join(args.out, "validate.txt")
    with open(check_txt, "w") as f:
        f.write("\n".join([e for t in TOPICS[:4] for e in entries(t)[:12]] + long_inputs(2)) + "\n")
    for family, text in (("encoder", check_txt), ("decoder", ppl_txt)):
        run(["/usr/bin/python3", os.path.join(HERE, "validate.py"), "--runner", args.runner,
             "--model", models[family], "--text", text, "--work", os.path.join(args.out, family),
             "--ctx", "256"])

    results = {}
    results["encoder_speed"] = eval_json(args, models["encoder"], speed_txt,
                                         os.path.join(args.out, "minilm_512.json"), [])
    results["encoder_knn"] = eval_json(args, models["encoder"], knn_txt,
                                       os.path.join(args.out, "minilm_topics.json"),
                                       ["--labels", knn_labels])
    extra = ["--ctx", str(prof["ctx"])]
    if prof["max_tokens"]:
        extra += ["--max-tokens", str(prof["max_tokens"])]
    results["decoder"] = eval_json(args, models["decoder"], ppl_txt,
                                   os.path.join(args.out, "smollm2.json"), extra)

    enc, knn, dec = results["encoder_speed"], results["encoder_knn"], results["decoder"]
    md = [table("all-MiniLM-L6-v2: %d inputs of %d tokens" %
                (enc["inputs"], enc["tokens"] // max(enc["inputs"], 1)), enc,
                [("cosine to exact, min", lambda n, r: "%.7f" % r["cosine_min"]),
                 ("cosine, mean", lambda n, r: "%.7f" % r["cosine_mean"]),
                 ("kNN topic accuracy (k = 5, %d entries)" % knn["inputs"],
                  lambda n, r: "%.2f%%" % (100 * knn["backends"][n]["knn_accuracy"]))]),
          table("SmolLM2-135M: %d tokens of `%s`, windows of %d" %
                (dec["tokens"], PERPLEXITY_TEXT, dec["ctx"]), dec,
                [("perplexity", lambda n, r: "%.4f" % r["perplexity"]),
                 ("vs exact", lambda n, r: "%+.4f%%" % (100 * (r["perplexity"] /
                                                              dec["backends"]["exact"]["perplexity"] - 1))),
                 ("top-1 agreement", lambda n, r: "%.2f%%" % (100 * r["top1_agreement"])),
                 ("mean KL", lambda n, r: "%.2g" % r["kl_mean"])])]
    text = "\n".join(md) + "\n"
    print(text)
    with open(os.path.join(args.out, "models.md"), "w") as f:
        f.write(text)
    problems = check(results)
    for p in problems:
        print("models: accuracy out of its documented limit: " + p)
    print("models: %s profile: runner agrees with PyTorch; accuracy %s" %
          (args.profile, "within every limit" if not problems else "OUT OF LIMITS"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
