#!/usr/bin/python3
"""Checks quake_models' exact backend against PyTorch on the same weights and token ids.

The runner writes its exact backend's output with `quake_models dump` (sentence embeddings of an
encoder, log-probabilities of every position of a decoder's first window); this script reads the
same weight file with its own reader, runs the model in PyTorch (float32, its own definition of
each family, below) on the runner's token ids, and compares:
  encoder: ||runner - torch|| / ||torch|| per embedding, at most 1e-4;
  decoder: max |runner - torch| over all log-probabilities, at most 1e-3.
Exit status 0 when both agree, 1 when not, 2 on a usage or file problem.

Usage: validate.py --runner quake_models --model PATH --text FILE --work DIR [--ctx N]
Needs Debian's python3-torch and python3-numpy.
"""
import argparse
import json
import math
import os
import struct
import subprocess
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from limits import at_most, nan_max  # noqa: E402

ENCODER_TOLERANCE = 1e-4  # relative, per embedding
DECODER_TOLERANCE = 1e-3  # absolute, per log-probability


# ---- weights ---------------------------------------------------------------------------------

def read_safetensors(paths):
    out = {}
    kinds = {"F32": np.float32, "F16": np.float16}
    for path in paths:
        with open(path, "rb") as f:
            n = struct.unpack("<Q", f.read(8))[0]
            header = json.loads(f.read(n))
            data = f.read()
        for name, t in header.items():
            if name == "__metadata__":
                continue
            a, b = t["data_offsets"]
            if t["dtype"] in kinds:
                arr = np.frombuffer(data[a:b], dtype=kinds[t["dtype"]]).astype(np.float32)
            elif t["dtype"] == "BF16":
                raw = np.frombuffer(data[a:b], dtype=np.uint16).astype(np.uint32) << 16
                arr = raw.view(np.float32)
            else:
                continue
            out[name] = torch.from_numpy(arr.reshape(t["shape"]).copy())
    return out


GGUF_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
                10: "<Q", 11: "<q", 12: "<d"}


def read_gguf(path):
    """GGUF v2/v3: metadata dict and tensors as float32 torch tensors (outermost dim first)."""
    with open(path, "rb") as f:
        buf = f.read()
    pos = 0

    def take(fmt):
        nonlocal pos
        v = struct.unpack_from(fmt, buf, pos)
        pos += struct.calcsize(fmt)
        return v[0]

    def string():
        nonlocal pos
        n = take("<Q")
        s = buf[pos:pos + n].decode("utf-8", "replace")
        pos += n
        return s

    def value(t):
        if t == 8:
            return string()
        if t == 9:
            et, n = take("<I"), take("<Q")
            return [value(et) for _ in range(n)]
        return take(GGUF_SCALARS[t])

    assert buf[:4] == b"GGUF"
    pos = 4
    take("<I")
    n_tensors, n_kv = take("<Q"), take("<Q")
    meta = {}
    for _ in range(n_kv):
        k = string()
        meta[k] = value(take("<I"))
    infos = []
    for _ in range(n_tensors):
        name = string()
        dims = take("<I")
        ne = [take("<Q") for _ in range(dims)]
        infos.append((name, ne, take("<I"), take("<Q")))
    align = meta.get("general.alignment", 32)
    base = (pos + align - 1) // align * align
    tensors = {}
    for name, ne, kind, off in infos:
        count = math.prod(ne)
        start = base + off
        if kind == 0:
            arr = np.frombuffer(buf, np.float32, count, start)
        elif kind == 1:
            arr = np.frombuffer(buf, np.float16, count, start).astype(np.float32)
        elif kind in (2, 3, 8):  # Q4_0, Q4_1, Q8_0: blocks of 32
            nb = count // 32
            size = {2: 18, 3: 20, 8: 34}[kind]
            blocks = np.frombuffer(buf, np.uint8, nb * size, start).reshape(nb, size)
            d = blocks[:, 0:2].copy().view(np.float16).astype(np.float32)
            if kind == 8:
                q = blocks[:, 2:].copy().view(np.int8).astype(np.float32)
                arr = (d * q).reshape(-1)
            else:
                qs = blocks[:, 4:] if kind == 3 else blocks[:, 2:]
                q = np.concatenate([qs & 0xF, qs >> 4], axis=1).astype(np.float32)
                m = blocks[:, 2:4].copy().view(np.float16).astype(np.float32) if kind == 3 \
                    else -8.0 * d
                arr = (d * q + m).reshape(-1)
        else:
            raise SystemExit("validate.py: %s: ggml type %d not supported" % (path, kind))
        tensors[name] = torch.from_numpy(np.array(arr, dtype=np.float32).reshape(ne[::-1]))
    return meta, tensors


# ---- the two families in PyTorch -------------------------------------------------------------

def bert_embedding(w, cfg, ids):
    p = "bert." if "bert.embeddings.word_embeddings.weight" in w else ""
    d, heads, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    ids = torch.tensor(ids)
    n = len(ids)
    x = (w[p + "embeddings.word_embeddings.weight"][ids] +
         w[p + "embeddings.position_embeddings.weight"][:n] +
         w[p + "embeddings.token_type_embeddings.weight"][0])
    ln = lambda x, name: torch.nn.functional.layer_norm(x, (d,), w[name + ".weight"],
                                                         w[name + ".bias"], eps)
    lin = lambda x, name: x @ w[name + ".weight"].T + w[name + ".bias"]
    x = ln(x, p + "embeddings.LayerNorm")
    for l in range(cfg["num_hidden_layers"]):
        b = p + "encoder.layer.%d." % l
        split = lambda t: t.view(n, heads, d // heads).transpose(0, 1)
        q = split(lin(x, b + "attention.self.query"))
        k = split(lin(x, b + "attention.self.key"))
        v = split(lin(x, b + "attention.self.value"))
        att = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(d // heads), dim=-1)
        ctx = (att @ v).transpose(0, 1).reshape(n, d)
        x = ln(x + lin(ctx, b + "attention.output.dense"), b + "attention.output.LayerNorm")
        h = torch.nn.functional.gelu(lin(x, b + "intermediate.dense"))  # erf form
        x = ln(x + lin(h, b + "output.dense"), b + "output.LayerNorm")
    e = x.mean(dim=0)
    return e / e.norm()


def llama_log_probs(w, meta, ids):
    d = meta["llama.embedding_length"]
    heads = meta["llama.attention.head_count"]
    kv = meta.get("llama.attention.head_count_kv", heads)
    eps = meta["llama.attention.layer_norm_rms_epsilon"]
    base = meta.get("llama.rope.freq_base", 10000.0)
    dh = d // heads
    n = len(ids)
    x = w["token_embd.weight"][torch.tensor(ids)]
    rms = lambda x, g: x * torch.rsqrt((x.double() ** 2).mean(-1, keepdim=True) + eps).float() * g
    pos = torch.arange(n, dtype=torch.float64)[:, None]
    inv = base ** (-2.0 * torch.arange(dh // 2, dtype=torch.float64) / dh)
    cos, sin = torch.cos(pos * inv).float(), torch.sin(pos * inv).float()

    def rope(t, nh):  # GGUF's llama layout: pairs (x[2i], x[2i+1]) of each head
        t = t.view(n, nh, dh // 2, 2)
        a, b = t[..., 0], t[..., 1]
        c, s = cos[:, None, :], sin[:, None, :]
        return torch.stack([a * c - b * s, a * s + b * c], dim=-1).view(n, nh, dh).transpose(0, 1)

    mask = torch.full((n, n), float("-inf")).triu(1)
    for l in range(meta["llama.block_count"]):
        b = "blk.%d." % l
        h = rms(x, w[b + "attn_norm.weight"])
        q = rope(h @ w[b + "attn_q.weight"].T, heads)
        k = rope(h @ w[b + "attn_k.weight"].T, kv).repeat_interleave(heads // kv, dim=0)
        v = (h @ w[b + "attn_v.weight"].T).view(n, kv, dh).transpose(0, 1)
        v = v.repeat_interleave(heads // kv, dim=0)
        att = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(dh) + mask, dim=-1)
        x = x + (att @ v).transpose(0, 1).reshape(n, d) @ w[b + "attn_output.weight"].T
        h = rms(x, w[b + "ffn_norm.weight"])
        g = torch.nn.functional.silu(h @ w[b + "ffn_gate.weight"].T) * (h @ w[b + "ffn_up.weight"].T)
        x = x + g @ w[b + "ffn_down.weight"].T
    out = w.get("output.weight", w["token_embd.weight"])
    logits = rms(x, w["output_norm.weight"]) @ out.T
    return torch.log_softmax(logits.double(), dim=-1).float()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runner", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--text", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--ctx", type=int, default=64)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    prefix = os.path.join(args.work, "dump")
    cmd = [args.runner, "dump", "--model", args.model, "--text", args.text, "--out", prefix,
           "--ctx", str(args.ctx)]
    if subprocess.run(cmd).returncode != 0:
        print("validate.py: the runner failed: " + " ".join(cmd))
        return 2
    with open(prefix + ".json") as f:
        dump = json.load(f)
    got = np.fromfile(prefix + ".bin", dtype=np.float32).reshape(-1, dump["width"])
    torch.set_num_threads(1)
    with torch.no_grad():
        if dump["kind"] == "encoder":
            with open(os.path.join(args.model, "config.json")) as f:
                cfg = json.load(f)
            files = sorted(os.path.join(args.model, x) for x in os.listdir(args.model)
                           if x.endswith(".safetensors"))
            w = read_safetensors(files)
            worst = nan_max(np.linalg.norm(row - ref) / np.linalg.norm(ref)
                            for row, ref in ((row, bert_embedding(w, cfg, ids).numpy())
                                             for row, ids in zip(got, dump["ids"])))
            ok = at_most(worst, ENCODER_TOLERANCE)
            print("validate: %s: %d embeddings, max relative difference from PyTorch %.2e "
                  "(limit %.0e): %s" % (os.path.basename(args.model.rstrip("/")), len(got), worst,
                                        ENCODER_TOLERANCE, "ok" if ok else "FAILED"))
        else:
            meta, w = read_gguf(args.model)
            ref = llama_log_probs(w, meta, dump["ids"][0]).numpy()
            worst = float(np.abs(got - ref).max())  # numpy's max propagates NaN
            same_top = float((got.argmax(-1) == ref.argmax(-1)).mean())
            ok = at_most(worst, DECODER_TOLERANCE)
            print("validate: %s: %d positions x %d, max |log-probability difference| from "
                  "PyTorch %.2e (limit %.0e), same top-1 %.1f%%: %s" %
                  (os.path.basename(args.model), got.shape[0], got.shape[1], worst,
                   DECODER_TOLERANCE, 100 * same_top, "ok" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
