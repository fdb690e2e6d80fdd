// Small model files for the runner's tests and its fuzzers' seed corpora: safetensors and GGUF
// writers, and a tiny BERT directory and a tiny Llama GGUF built with them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <quake/half.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "tokenizer.hpp"

namespace quake_models::files {

namespace fs = std::filesystem;
using json = nlohmann::json;
using bytes = std::vector<std::uint8_t>;

inline void write(const fs::path& p, const bytes& b) {
  std::ofstream f(p, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}
inline void write(const fs::path& p, const std::string& s) { write(p, bytes(s.begin(), s.end())); }

template <class T>
inline void put(bytes& b, T v) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
  b.insert(b.end(), p, p + sizeof(T));
}
inline void put_str(bytes& b, const std::string& s) {
  put<std::uint64_t>(b, s.size());
  b.insert(b.end(), s.begin(), s.end());
}
inline std::uint16_t f16(float x) { return quake::float16(x).bits(); }
inline std::uint16_t bf16(float x) { return quake::bfloat16(x).bits(); }

// ---- a safetensors writer ------------------------------------------------------------------

struct StTensor {
  std::string dtype;
  std::vector<std::int64_t> shape;
  bytes data;
};

inline bytes safetensors(const std::map<std::string, StTensor>& ts) {
  json h = {{"__metadata__", {{"format", "pt"}}}};
  bytes data;
  for (const auto& [name, t] : ts) {
    h[name] = {{"dtype", t.dtype},
               {"shape", t.shape},
               {"data_offsets", {data.size(), data.size() + t.data.size()}}};
    data.insert(data.end(), t.data.begin(), t.data.end());
  }
  const std::string header = h.dump();
  bytes out;
  put<std::uint64_t>(out, header.size());
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

inline StTensor f32(std::vector<std::int64_t> shape, const std::vector<float>& v) {
  StTensor t{"F32", std::move(shape), {}};
  for (float x : v) put(t.data, x);
  return t;
}

// ---- a GGUF writer ---------------------------------------------------------------------------

struct GgufTensor {
  std::string name;
  std::vector<std::uint64_t> ne;  // innermost first
  std::uint32_t type;
  bytes data;
};

inline bytes gguf(
    const std::vector<std::pair<std::string, bytes>>& kv,  // value bytes include the type
    const std::vector<GgufTensor>& ts, std::uint32_t version = 3) {
  bytes b = {'G', 'G', 'U', 'F'};
  put<std::uint32_t>(b, version);
  put<std::uint64_t>(b, ts.size());
  put<std::uint64_t>(b, kv.size());
  for (const auto& [k, v] : kv) {
    put_str(b, k);
    b.insert(b.end(), v.begin(), v.end());
  }
  std::uint64_t off = 0;
  for (const auto& t : ts) {
    put_str(b, t.name);
    put<std::uint32_t>(b, static_cast<std::uint32_t>(t.ne.size()));
    for (auto e : t.ne) put<std::uint64_t>(b, e);
    put<std::uint32_t>(b, t.type);
    put<std::uint64_t>(b, off);
    off += (t.data.size() + 31) / 32 * 32;
  }
  while (b.size() % 32) b.push_back(0);
  for (std::size_t i = 0; i < ts.size(); ++i) {
    b.insert(b.end(), ts[i].data.begin(), ts[i].data.end());
    while (i + 1 < ts.size() && b.size() % 32) b.push_back(0);  // the last ends the file
  }
  return b;
}
inline bytes kv_string(const std::string& s) {
  bytes b;
  put<std::uint32_t>(b, 8);
  put_str(b, s);
  return b;
}
inline bytes kv_strings(const std::vector<std::string>& v) {
  bytes b;
  put<std::uint32_t>(b, 9);
  put<std::uint32_t>(b, 8);
  put<std::uint64_t>(b, v.size());
  for (const auto& s : v) put_str(b, s);
  return b;
}
inline bytes kv_u32(std::uint32_t x) {
  bytes b;
  put<std::uint32_t>(b, 4);
  put(b, x);
  return b;
}
inline bytes kv_f32(float x) {
  bytes b;
  put<std::uint32_t>(b, 6);
  put(b, x);
  return b;
}
inline GgufTensor gguf_f32(const std::string& name, std::vector<std::uint64_t> ne,
                           const std::vector<float>& v) {
  GgufTensor t{name, std::move(ne), 0, {}};
  for (float x : v) put(t.data, x);
  return t;
}

/// GPT-2's 256 byte symbols, in byte order (so a byte's token id is the byte).
inline std::vector<std::string> byte_symbols() {
  std::vector<std::string> tokens;
  for (int b = 0, next = 256; b < 256; ++b) {
    const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
    std::string s;
    utf8_append(s, printable ? static_cast<std::uint32_t>(b) : static_cast<std::uint32_t>(next++));
    tokens.push_back(s);
  }
  return tokens;
}

inline std::vector<float> random(std::size_t n, std::mt19937& rng, float scale = 0.3f) {
  std::normal_distribution<float> g(0.0f, scale);
  std::vector<float> v(n);
  for (auto& x : v) x = g(rng);
  return v;
}

/// The files of a tiny BERT directory, name -> bytes. The config says 2 token types and 12 words.
inline std::map<std::string, bytes> tiny_bert(std::int64_t type_rows = 2,
                                              std::int64_t word_rows = 12) {
  std::map<std::string, bytes> files;
  const auto write = [&](const std::string& name, const auto& b) {
    files[name] = bytes(b.begin(), b.end());
  };
  const int d = 8, ff = 16, vocab = 12, pos = 16;
  write("config.json", json({{"model_type", "bert"},
                             {"hidden_size", d},
                             {"num_attention_heads", 2},
                             {"intermediate_size", ff},
                             {"num_hidden_layers", 2},
                             {"vocab_size", vocab},
                             {"max_position_embeddings", pos},
                             {"layer_norm_eps", 1e-12},
                             {"hidden_act", "gelu"}})
                           .dump());
  std::string vocab_txt;
  for (const char* t :
       {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cat", "sat", "on", "mat", "a", "dog", "."})
    vocab_txt += std::string(t) + "\n";
  write("vocab.txt", vocab_txt);
  std::mt19937 rng(5);
  std::map<std::string, StTensor> ts;
  const auto lin = [&](const std::string& n, int in, int out) {
    ts[n + ".weight"] = f32({out, in}, random(static_cast<std::size_t>(in * out), rng));
    ts[n + ".bias"] = f32({out}, random(static_cast<std::size_t>(out), rng, 0.1f));
  };
  const auto ln = [&](const std::string& n) {
    ts[n + ".weight"] = f32({d}, std::vector<float>(d, 1.0f));
    ts[n + ".bias"] = f32({d}, random(d, rng, 0.1f));
  };
  ts["embeddings.word_embeddings.weight"] =
      f32({word_rows, d}, random(static_cast<std::size_t>(word_rows * d), rng, 1.0f));
  ts["embeddings.position_embeddings.weight"] = f32({pos, d}, random(pos * d, rng));
  ts["embeddings.token_type_embeddings.weight"] =
      f32({type_rows, d}, random(static_cast<std::size_t>(type_rows * d), rng));
  ln("embeddings.LayerNorm");
  for (int l = 0; l < 2; ++l) {
    const std::string b = "encoder.layer." + std::to_string(l) + ".";
    lin(b + "attention.self.query", d, d);
    lin(b + "attention.self.key", d, d);
    lin(b + "attention.self.value", d, d);
    lin(b + "attention.output.dense", d, d);
    ln(b + "attention.output.LayerNorm");
    lin(b + "intermediate.dense", d, ff);
    lin(b + "output.dense", ff, d);
    ln(b + "output.LayerNorm");
  }
  write("model.safetensors", safetensors(ts));
  return files;
}

/// A tiny Llama GGUF: 2 blocks of width 8, 2 heads, 1 key/value head, a byte-level vocabulary.
inline bytes tiny_llama(const std::string& arch = "llama") {
  const std::uint64_t d = 8, ff = 12, kvd = 4;  // 2 heads of 4, 1 key/value head
  std::vector<std::string> tokens = byte_symbols();
  tokens.push_back("Ġt");
  const std::uint64_t vocab = tokens.size();
  std::mt19937 rng(6);
  std::vector<GgufTensor> ts = {
      gguf_f32("token_embd.weight", {d, vocab}, random(d * vocab, rng, 1.0f)),
      gguf_f32("output_norm.weight", {d}, std::vector<float>(d, 1.0f))};
  for (int l = 0; l < 2; ++l) {
    const std::string b = "blk." + std::to_string(l) + ".";
    ts.push_back(gguf_f32(b + "attn_norm.weight", {d}, std::vector<float>(d, 1.0f)));
    ts.push_back(gguf_f32(b + "ffn_norm.weight", {d}, std::vector<float>(d, 1.0f)));
    ts.push_back(gguf_f32(b + "attn_q.weight", {d, d}, random(d * d, rng)));
    ts.push_back(gguf_f32(b + "attn_k.weight", {d, kvd}, random(d * kvd, rng)));
    ts.push_back(gguf_f32(b + "attn_v.weight", {d, kvd}, random(d * kvd, rng)));
    ts.push_back(gguf_f32(b + "attn_output.weight", {d, d}, random(d * d, rng)));
    ts.push_back(gguf_f32(b + "ffn_gate.weight", {d, ff}, random(d * ff, rng)));
    ts.push_back(gguf_f32(b + "ffn_up.weight", {d, ff}, random(d * ff, rng)));
    ts.push_back(gguf_f32(b + "ffn_down.weight", {ff, d}, random(d * ff, rng)));
  }
  return gguf({{"general.architecture", kv_string(arch)},
               {"llama.embedding_length", kv_u32(d)},
               {"llama.block_count", kv_u32(2)},
               {"llama.attention.head_count", kv_u32(2)},
               {"llama.attention.head_count_kv", kv_u32(1)},
               {"llama.feed_forward_length", kv_u32(ff)},
               {"llama.context_length", kv_u32(64)},
               {"llama.attention.layer_norm_rms_epsilon", kv_f32(1e-5f)},
               {"tokenizer.ggml.model", kv_string("gpt2")},
               {"tokenizer.ggml.tokens", kv_strings(tokens)},
               {"tokenizer.ggml.merges", kv_strings({"Ġ t"})}},
              ts);
}

}  // namespace quake_models::files
