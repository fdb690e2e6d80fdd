#include "model.hpp"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tokenizer.hpp"
#include "weights.hpp"

namespace quake_models {

namespace fs = std::filesystem;
using json = nlohmann::json;

void set_blas_threads(int n) { openblas_set_num_threads(n); }

std::vector<float> Model::embed(const std::vector<std::int32_t>&, Nonlinear&) const {
  throw Error("this model is a decoder: it has no sentence embedding");
}
std::vector<float> Model::log_probs(const std::vector<std::int32_t>&, Nonlinear&) const {
  throw Error("this model is an encoder: it has no next-token probabilities");
}
std::string Model::detokenize(const std::vector<std::int32_t>&) const {
  throw Error("this model has no detokenizer");
}

namespace {

json read_json(const fs::path& p) {
  try {
    return json::parse(read_file(p.string()));
  } catch (const json::exception&) {
    throw Error(p.string() + ": not valid JSON");
  }
}

/// The *.safetensors files of a Hugging Face directory, sorted (sharded weights).
std::vector<std::string> safetensors_in(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".safetensors") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw Error(dir.string() + ": no *.safetensors file");
  return files;
}

/// y[n x out] = x[n x in] W^T (+ b), W stored [out x in] row-major (both file formats' layout).
struct Linear {
  std::vector<float> w, b;
  int in = 0, out = 0;
  void operator()(const float* x, int n, float* y) const {
    if (!b.empty())
      for (int r = 0; r < n; ++r)
        std::memcpy(y + static_cast<std::size_t>(r) * out, b.data(), 4 * out);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, out, in, 1.0f, x, in, w.data(), in,
                b.empty() ? 0.0f : 1.0f, y, out);
  }
};

Linear linear(const Weights& w, const std::string& name, int in, int out, bool bias) {
  Linear l;
  l.in = in;
  l.out = out;
  l.w = w.floats(name + ".weight", {out, in});
  if (bias) l.b = w.floats(name + ".bias", {out});
  return l;
}

void layer_norm(float* x, int n, int d, const std::vector<float>& g, const std::vector<float>& b,
                float eps) {
  for (int r = 0; r < n; ++r) {
    float* v = x + static_cast<std::size_t>(r) * d;
    double mean = 0, var = 0;
    for (int i = 0; i < d; ++i) mean += v[i];
    mean /= d;
    for (int i = 0; i < d; ++i) var += (v[i] - mean) * (v[i] - mean);
    const auto inv = static_cast<float>(1.0 / std::sqrt(var / d + eps));
    for (int i = 0; i < d; ++i) v[i] = (v[i] - static_cast<float>(mean)) * inv * g[i] + b[i];
  }
}

void rms_norm(const float* x, float* y, int n, int d, const std::vector<float>& g, float eps) {
  for (int r = 0; r < n; ++r) {
    const float* v = x + static_cast<std::size_t>(r) * d;
    double ss = 0;
    for (int i = 0; i < d; ++i) ss += static_cast<double>(v[i]) * v[i];
    const auto inv = static_cast<float>(1.0 / std::sqrt(ss / d + eps));
    for (int i = 0; i < d; ++i) y[static_cast<std::size_t>(r) * d + i] = v[i] * inv * g[i];
  }
}

/// softmax(Q_h K_h^T / sqrt(dh)) V_h for every head h; Q rows of width ldq, K and V of width
/// ldkv, query head h reading key/value head h / group. As engines do: the scale goes into the
/// first sgemm's alpha, so every backend's softmax sees finished scores; queries go in blocks of
/// 64 rows, so a block's scores (64 x n floats) stay in L2 between the three steps; a causal
/// block multiplies only the keys its last row sees.
void attention(const float* q, const float* k, const float* v, float* out, int n, int heads,
               int group, int dh, int ldq, int ldkv, bool causal, Nonlinear& nl,
               std::vector<float>& scores) {
  constexpr int block = 64;
  scores.resize(static_cast<std::size_t>(block) * n);
  const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
  for (int h = 0; h < heads; ++h) {
    const int kv = h / group;
    for (int r0 = 0; r0 < n; r0 += block) {
      const int rows = std::min(block, n - r0), cols = causal ? r0 + rows : n;
      const float* qb = q + static_cast<std::size_t>(r0) * ldq + h * dh;
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, cols, dh, scale, qb, ldq,
                  k + kv * dh, ldkv, 0.0f, scores.data(), cols);
      nl.softmax(scores.data(), static_cast<std::size_t>(rows), static_cast<std::size_t>(cols),
                 1.0f, causal);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, dh, cols, 1.0f, scores.data(),
                  cols, v + kv * dh, ldkv, 0.0f, out + static_cast<std::size_t>(r0) * ldq + h * dh,
                  ldq);
    }
  }
}

/// A configuration value that must be at least 1: one error line naming it otherwise.
void positive(const std::string& what, int v) {
  if (v < 1) throw Error(what + " is " + std::to_string(v) + ", not a positive size");
}

// ---- BERT (sentence-transformers: mean pooling, L2 normalisation) ---------------------------

class Bert final : public Model {
 public:
  Bert(const fs::path& dir, const json& cfg) {
    const std::string where = (dir / "config.json").string() + ": ";
    const auto size = [&](const char* key) { return number<int>(cfg.at(key), where + key); };
    d_ = size("hidden_size");
    heads_ = size("num_attention_heads");
    ff_ = size("intermediate_size");
    layers_n_ = size("num_hidden_layers");
    positions_ = number_or(cfg, "max_position_embeddings", 512, where);
    eps_ = number_or(cfg, "layer_norm_eps", 1e-12f, where);
    vocab_n_ = size("vocab_size");
    const std::string act = cfg.value("hidden_act", "gelu");
    if (act != "gelu") throw Error(where + "hidden_act '" + act + "' (runner: gelu)");
    const int type_vocab = number_or(cfg, "type_vocab_size", 2, where);
    positive(where + "hidden_size", d_);
    positive(where + "intermediate_size", ff_);
    positive(where + "max_position_embeddings", positions_);
    positive(where + "vocab_size", vocab_n_);
    positive(where + "type_vocab_size", type_vocab);
    if (layers_n_ < 0) throw Error(where + "num_hidden_layers is negative");
    if (heads_ <= 0 || d_ % heads_ != 0) throw Error(where + "bad num_attention_heads");
    const Weights w = Weights::safetensors(safetensors_in(dir));
    const std::string p = w.has("bert.embeddings.word_embeddings.weight") ? "bert." : "";
    word_ = w.floats(p + "embeddings.word_embeddings.weight", {vocab_n_, d_});
    pos_ = w.floats(p + "embeddings.position_embeddings.weight", {positions_, d_});
    type_ = w.floats(p + "embeddings.token_type_embeddings.weight", {type_vocab, d_});
    ln_g_ = w.floats(p + "embeddings.LayerNorm.weight", {d_});
    ln_b_ = w.floats(p + "embeddings.LayerNorm.bias", {d_});
    for (int l = 0; l < layers_n_; ++l) {
      const std::string b = p + "encoder.layer." + std::to_string(l) + ".";
      Layer L;
      L.q = linear(w, b + "attention.self.query", d_, d_, true);
      L.k = linear(w, b + "attention.self.key", d_, d_, true);
      L.v = linear(w, b + "attention.self.value", d_, d_, true);
      L.o = linear(w, b + "attention.output.dense", d_, d_, true);
      L.ln1_g = w.floats(b + "attention.output.LayerNorm.weight", {d_});
      L.ln1_b = w.floats(b + "attention.output.LayerNorm.bias", {d_});
      L.up = linear(w, b + "intermediate.dense", d_, ff_, true);
      L.down = linear(w, b + "output.dense", ff_, d_, true);
      L.ln2_g = w.floats(b + "output.LayerNorm.weight", {d_});
      L.ln2_b = w.floats(b + "output.LayerNorm.bias", {d_});
      layers_.push_back(std::move(L));
    }
    if (fs::exists(dir / "vocab.txt")) {
      tok_ = std::make_unique<WordPiece>(
          WordPiece::from_lines(text_lines(read_file((dir / "vocab.txt").string()))));
    } else if (fs::exists(dir / "tokenizer.json")) {
      const json t = read_json(dir / "tokenizer.json");
      std::unordered_map<std::string, std::int32_t> vocab;
      try {
        if (t.at("model").at("type") != "WordPiece") throw Error("");
        for (auto& [k, v] : t.at("model").at("vocab").items()) vocab.emplace(k, number<int>(v, k));
      } catch (const std::exception&) {
        throw Error((dir / "tokenizer.json").string() + ": not a WordPiece tokenizer");
      }
      tok_ = std::make_unique<WordPiece>(WordPiece::from_map(vocab));
    } else {
      throw Error(dir.string() + ": no vocab.txt or tokenizer.json");
    }
    name_ = dir.filename().string();
  }

  bool is_encoder() const override { return true; }
  std::string describe() const override {
    return "bert " + std::to_string(layers_n_) + "x" + std::to_string(d_) + " (" + name_ + ")";
  }
  std::size_t vocab() const override { return static_cast<std::size_t>(vocab_n_); }
  std::size_t max_positions() const override { return static_cast<std::size_t>(positions_); }
  std::vector<std::int32_t> tokenize(const std::string& text, std::size_t max) const override {
    return tok_->encode(text, std::min(max, max_positions()));
  }

  std::vector<float> embed(const std::vector<std::int32_t>& ids, Nonlinear& nl) const override {
    const int n = static_cast<int>(ids.size());
    if (n == 0 || n > positions_) throw Error("input of " + std::to_string(n) + " tokens");
    const auto D = static_cast<std::size_t>(d_);
    std::vector<float> x(n * D), q(n * D), k(n * D), v(n * D), ctx(n * D), t(n * D),
        h(n * static_cast<std::size_t>(ff_)), scores;
    for (int r = 0; r < n; ++r) {
      const auto id = ids[r];
      if (id < 0 || id >= vocab_n_) throw Error("token id out of range");
      for (std::size_t i = 0; i < D; ++i)
        x[r * D + i] = word_[id * D + i] + pos_[r * D + i] + type_[i];
    }
    layer_norm(x.data(), n, d_, ln_g_, ln_b_, eps_);
    for (const Layer& L : layers_) {
      L.q(x.data(), n, q.data());
      L.k(x.data(), n, k.data());
      L.v(x.data(), n, v.data());
      attention(q.data(), k.data(), v.data(), ctx.data(), n, heads_, 1, d_ / heads_, d_, d_, false,
                nl, scores);
      L.o(ctx.data(), n, t.data());
      for (std::size_t i = 0; i < x.size(); ++i) x[i] += t[i];
      layer_norm(x.data(), n, d_, L.ln1_g, L.ln1_b, eps_);
      L.up(x.data(), n, h.data());
      nl.gelu_erf(h.data(), h.size());
      L.down(h.data(), n, t.data());
      for (std::size_t i = 0; i < x.size(); ++i) x[i] += t[i];
      layer_norm(x.data(), n, d_, L.ln2_g, L.ln2_b, eps_);
    }
    std::vector<double> mean(D, 0.0);
    for (int r = 0; r < n; ++r)
      for (std::size_t i = 0; i < D; ++i) mean[i] += x[r * D + i];
    double norm = 0;
    for (auto& m : mean) {
      m /= n;
      norm += m * m;
    }
    norm = std::max(std::sqrt(norm), 1e-12);
    std::vector<float> out(D);
    for (std::size_t i = 0; i < D; ++i) out[i] = static_cast<float>(mean[i] / norm);
    return out;
  }

 private:
  struct Layer {
    Linear q, k, v, o, up, down;
    std::vector<float> ln1_g, ln1_b, ln2_g, ln2_b;
  };
  int d_ = 0, heads_ = 0, ff_ = 0, layers_n_ = 0, positions_ = 0, vocab_n_ = 0;
  float eps_ = 1e-12f;
  std::vector<float> word_, pos_, type_, ln_g_, ln_b_;
  std::vector<Layer> layers_;
  std::unique_ptr<WordPiece> tok_;
  std::string name_;
};

// ---- Llama (GGUF, or a Hugging Face directory) ------------------------------------------------

struct LlamaConfig {
  int d = 0, layers = 0, heads = 0, kv_heads = 0, ff = 0, vocab = 0, positions = 0;
  float eps = 1e-5f, rope_base = 10000.0f;
  bool rope_pairs_adjacent = true;  // GGUF: (x[2i], x[2i+1]); Hugging Face: (x[i], x[i + d/2])
};

class Llama final : public Model {
 public:
  /// Tensor names: GGUF's when gguf, else Hugging Face's.
  Llama(const Weights& w, const LlamaConfig& c, std::unique_ptr<BytePairEncoder> tok, bool gguf,
        std::string name)
      : c_(c), tok_(std::move(tok)), name_(std::move(name)) {
    const std::string where = w.source() + ": ";
    positive(where + "the embedding length", c.d);
    positive(where + "the feed-forward length", c.ff);
    positive(where + "the vocabulary size", c.vocab);
    positive(where + "the context length", c.positions);
    if (c.layers < 0) throw Error(where + "a negative block count");
    if (c.heads <= 0 || c.kv_heads <= 0 || c.d % c.heads != 0 || c.heads % c.kv_heads != 0)
      throw Error(where + "bad head counts");
    dh_ = c.d / c.heads;
    if (dh_ % 2 != 0) throw Error(where + "odd head dimension " + std::to_string(dh_) + " (RoPE)");
    const int kvd = dh_ * c.kv_heads;
    const auto N = [&](const std::string& g, const std::string& h) { return gguf ? g : h; };
    embd_ = w.floats(N("token_embd.weight", "model.embed_tokens.weight"), {c.vocab, c.d});
    for (int l = 0; l < c.layers; ++l) {
      const std::string g = "blk." + std::to_string(l) + ".";
      const std::string h = "model.layers." + std::to_string(l) + ".";
      Layer L;
      L.attn_norm = w.floats(N(g + "attn_norm.weight", h + "input_layernorm.weight"), {c.d});
      L.q = linear(w, N(g + "attn_q", h + "self_attn.q_proj"), c.d, c.d, false);
      L.k = linear(w, N(g + "attn_k", h + "self_attn.k_proj"), c.d, kvd, false);
      L.v = linear(w, N(g + "attn_v", h + "self_attn.v_proj"), c.d, kvd, false);
      L.o = linear(w, N(g + "attn_output", h + "self_attn.o_proj"), c.d, c.d, false);
      L.ffn_norm = w.floats(N(g + "ffn_norm.weight", h + "post_attention_layernorm.weight"), {c.d});
      L.gate = linear(w, N(g + "ffn_gate", h + "mlp.gate_proj"), c.d, c.ff, false);
      L.up = linear(w, N(g + "ffn_up", h + "mlp.up_proj"), c.d, c.ff, false);
      L.down = linear(w, N(g + "ffn_down", h + "mlp.down_proj"), c.ff, c.d, false);
      layers_.push_back(std::move(L));
    }
    norm_ = w.floats(N("output_norm.weight", "model.norm.weight"), {c.d});
    const std::string out = N("output.weight", "lm_head.weight");
    if (w.has(out)) output_ = w.floats(out, {c.vocab, c.d});
    if (tok_->size() == 0) throw Error(w.source() + ": empty vocabulary");
  }

  bool is_encoder() const override { return false; }
  std::string describe() const override {
    return "llama " + std::to_string(c_.layers) + "x" + std::to_string(c_.d) + " (" + name_ + ")";
  }
  std::size_t vocab() const override { return static_cast<std::size_t>(c_.vocab); }
  std::size_t max_positions() const override { return static_cast<std::size_t>(c_.positions); }
  std::vector<std::int32_t> tokenize(const std::string& text, std::size_t max) const override {
    auto ids = tok_->encode(text);
    if (ids.size() > max) ids.resize(max);
    return ids;
  }
  std::string detokenize(const std::vector<std::int32_t>& ids) const override {
    return tok_->decode(ids);
  }

  std::vector<float> log_probs(const std::vector<std::int32_t>& ids, Nonlinear& nl) const override {
    const int n = static_cast<int>(ids.size());
    if (n == 0) throw Error("empty input");
    const auto D = static_cast<std::size_t>(c_.d);
    const int kvd = dh_ * c_.kv_heads;
    std::vector<float> x(n * D), xn(n * D), q(n * D), k(static_cast<std::size_t>(n) * kvd),
        v(static_cast<std::size_t>(n) * kvd), ctx(n * D), t(n * D),
        g(static_cast<std::size_t>(n) * c_.ff), u(static_cast<std::size_t>(n) * c_.ff), scores;
    for (int r = 0; r < n; ++r) {
      if (ids[r] < 0 || ids[r] >= c_.vocab) throw Error("token id out of range");
      std::memcpy(&x[r * D], &embd_[static_cast<std::size_t>(ids[r]) * D], 4 * D);
    }
    // RoPE angles, the same for every layer: position r, pair i: r * base^(-2i / dh).
    std::vector<double> freq(static_cast<std::size_t>(dh_ / 2));
    for (int i = 0; i < dh_ / 2; ++i)
      freq[i] = std::pow(static_cast<double>(c_.rope_base), -2.0 * i / dh_);
    std::vector<float> cs(static_cast<std::size_t>(n) * dh_);
    for (int r = 0; r < n; ++r)
      for (int i = 0; i < dh_ / 2; ++i) {
        const double a = r * freq[i];
        cs[static_cast<std::size_t>(r) * dh_ + 2 * i] = static_cast<float>(std::cos(a));
        cs[static_cast<std::size_t>(r) * dh_ + 2 * i + 1] = static_cast<float>(std::sin(a));
      }
    const auto rope = [&](float* m, int width) {
      for (int r = 0; r < n; ++r)
        for (int h = 0; h < width / dh_; ++h) {
          float* p = m + static_cast<std::size_t>(r) * width + h * dh_;
          for (int i = 0; i < dh_ / 2; ++i) {
            const float c = cs[static_cast<std::size_t>(r) * dh_ + 2 * i];
            const float s = cs[static_cast<std::size_t>(r) * dh_ + 2 * i + 1];
            float& a = c_.rope_pairs_adjacent ? p[2 * i] : p[i];
            float& b = c_.rope_pairs_adjacent ? p[2 * i + 1] : p[i + dh_ / 2];
            const float a0 = a, b0 = b;
            a = a0 * c - b0 * s;
            b = a0 * s + b0 * c;
          }
        }
    };
    for (const Layer& L : layers_) {
      rms_norm(x.data(), xn.data(), n, c_.d, L.attn_norm, c_.eps);
      L.q(xn.data(), n, q.data());
      L.k(xn.data(), n, k.data());
      L.v(xn.data(), n, v.data());
      rope(q.data(), c_.d);
      rope(k.data(), kvd);
      attention(q.data(), k.data(), v.data(), ctx.data(), n, c_.heads, c_.heads / c_.kv_heads, dh_,
                c_.d, kvd, true, nl, scores);
      L.o(ctx.data(), n, t.data());
      for (std::size_t i = 0; i < x.size(); ++i) x[i] += t[i];
      rms_norm(x.data(), xn.data(), n, c_.d, L.ffn_norm, c_.eps);
      L.gate(xn.data(), n, g.data());
      L.up(xn.data(), n, u.data());
      nl.silu(g.data(), g.size());
      for (std::size_t i = 0; i < g.size(); ++i) g[i] *= u[i];
      L.down(g.data(), n, t.data());
      for (std::size_t i = 0; i < x.size(); ++i) x[i] += t[i];
    }
    rms_norm(x.data(), xn.data(), n, c_.d, norm_, c_.eps);
    std::vector<float> logits(static_cast<std::size_t>(n) * c_.vocab);
    const std::vector<float>& out = output_.empty() ? embd_ : output_;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, c_.vocab, c_.d, 1.0f, xn.data(), c_.d,
                out.data(), c_.d, 0.0f, logits.data(), c_.vocab);
    nl.log_softmax(logits.data(), static_cast<std::size_t>(n), static_cast<std::size_t>(c_.vocab));
    return logits;
  }

 private:
  struct Layer {
    Linear q, k, v, o, gate, up, down;
    std::vector<float> attn_norm, ffn_norm;
  };
  LlamaConfig c_;
  int dh_ = 0;
  std::vector<float> embd_, output_, norm_;
  std::vector<Layer> layers_;
  std::unique_ptr<BytePairEncoder> tok_;
  std::string name_;
};

std::vector<std::string> strings(const json& a, const std::string& what) {
  std::vector<std::string> out;
  if (!a.is_array()) throw Error(what + " is not an array");
  out.reserve(a.size());
  for (const auto& s : a) {
    if (s.is_string()) {
      out.push_back(s.get<std::string>());
    } else if (s.is_array() && s.size() == 2) {  // newer tokenizer.json merges: ["a", "b"]
      out.push_back(s[0].get<std::string>() + " " + s[1].get<std::string>());
    } else {
      throw Error(what + " holds a non-string");
    }
  }
  return out;
}

std::unique_ptr<Model> load_gguf(const std::string& path) {
  Weights w = Weights::gguf(path);
  try {
    const std::string arch = w.meta("general.architecture").get<std::string>();
    if (arch != "llama")
      throw Error(path + ": architecture '" + arch + "' (the runner reads llama GGUF files)");
    const std::string model = w.meta("tokenizer.ggml.model").get<std::string>();
    if (model != "gpt2")
      throw Error(path + ": tokenizer '" + model + "' (the runner reads gpt2 byte-level BPE)");
    LlamaConfig c;
    const std::string where = path + ": ";
    const auto size = [&](const char* key) { return number<int>(w.meta(key), where + key); };
    c.d = size("llama.embedding_length");
    c.layers = size("llama.block_count");
    c.heads = size("llama.attention.head_count");
    c.kv_heads = number_or(w.meta(), "llama.attention.head_count_kv", c.heads, where);
    c.ff = size("llama.feed_forward_length");
    c.positions = number_or(w.meta(), "llama.context_length", 2048, where);
    const char* eps = "llama.attention.layer_norm_rms_epsilon";
    c.eps = number<float>(w.meta(eps), where + eps);
    c.rope_base = number_or(w.meta(), "llama.rope.freq_base", 10000.0f, where);
    auto tokens = strings(w.meta("tokenizer.ggml.tokens"), path + ": tokenizer.ggml.tokens");
    c.vocab = static_cast<int>(w.at("token_embd.weight").shape.at(0));
    const std::string pre = w.meta().value("tokenizer.ggml.pre", std::string("gpt2"));
    auto tok = std::make_unique<BytePairEncoder>(
        std::move(tokens), strings(w.meta("tokenizer.ggml.merges"), path + ": merges"),
        pre == "smollm" || pre == "llama3" || pre == "qwen2");
    const std::string name = w.meta().value("general.name", fs::path(path).filename().string());
    return std::make_unique<Llama>(w, c, std::move(tok), true, name);
  } catch (const json::exception& e) {
    throw Error(path + ": bad GGUF metadata (" + std::string(e.what()) + ")");
  }
}

std::unique_ptr<Model> load_hf_llama(const fs::path& dir, const json& cfg) {
  LlamaConfig c;
  const std::string where = (dir / "config.json").string() + ": ";
  const auto size = [&](const char* key) { return number<int>(cfg.at(key), where + key); };
  c.d = size("hidden_size");
  c.layers = size("num_hidden_layers");
  c.heads = size("num_attention_heads");
  c.kv_heads = number_or(cfg, "num_key_value_heads", c.heads, where);
  c.ff = size("intermediate_size");
  c.vocab = size("vocab_size");
  c.positions = number_or(cfg, "max_position_embeddings", 2048, where);
  c.eps = number_or(cfg, "rms_norm_eps", 1e-5f, where);
  c.rope_base = number_or(cfg, "rope_theta", 10000.0f, where);
  c.rope_pairs_adjacent = false;
  if (!fs::exists(dir / "tokenizer.json")) throw Error(dir.string() + ": no tokenizer.json");
  const json t = read_json(dir / "tokenizer.json");
  std::unique_ptr<BytePairEncoder> tok;
  try {
    if (t.at("model").at("type") != "BPE") throw Error("");
    // Ids are dense: each below the number of entries (so a stray huge id is no huge resize).
    const json& vocab = t.at("model").at("vocab");
    const json added = t.value("added_tokens", json::array());
    const std::uint64_t entries = vocab.size() + added.size();
    std::vector<std::string> tokens;
    const auto put = [&](const json& id_json, std::string text) {
      const auto id = number<std::uint64_t>(id_json, "a token id");
      if (id >= entries) throw Error("a token id past the number of tokens");
      if (id >= tokens.size()) tokens.resize(id + 1);
      tokens[id] = std::move(text);
    };
    for (auto& [k, v] : vocab.items()) put(v, k);
    for (const auto& a : added) put(a.at("id"), a.at("content").get<std::string>());
    const bool digits = t.dump().find("\"individual_digits\":true") != std::string::npos;
    tok = std::make_unique<BytePairEncoder>(
        std::move(tokens), strings(t.at("model").at("merges"), "tokenizer.json merges"), digits);
  } catch (const std::exception&) {
    throw Error((dir / "tokenizer.json").string() + ": not a byte-level BPE tokenizer");
  }
  const Weights w = Weights::safetensors(safetensors_in(dir));
  return std::make_unique<Llama>(w, c, std::move(tok), false, dir.filename().string());
}

}  // namespace

std::unique_ptr<Model> load_model(const std::string& path) {
  const fs::path p(path);
  if (!fs::exists(p)) throw Error(path + ": no such file or directory");
  if (fs::is_directory(p)) {
    if (!fs::exists(p / "config.json")) throw Error(path + ": no config.json in the directory");
    const json cfg = read_json(p / "config.json");
    std::string type;
    try {
      type = cfg.value("model_type", std::string());
      if (type == "bert") return std::make_unique<Bert>(p, cfg);
      if (type == "llama") return load_hf_llama(p, cfg);
    } catch (const json::exception& e) {
      throw Error((p / "config.json").string() + ": " + e.what());
    }
    throw Error(path + ": model_type '" + type + "' (the runner reads bert and llama)");
  }
  return load_gguf(path);
}

}  // namespace quake_models
