// The runner's loaders, tokenizers, backends and forwards on small files the tests write: no
// real weights needed (the `models` workflow checks the real ones against PyTorch).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <quake/quake.hpp>
#include <random>

#include "../fuzz/targets.hpp"
#include "files.hpp"
#include "metrics.hpp"
#include "model.hpp"
#include "nonlinear.hpp"
#include "tokenizer.hpp"
#include "weights.hpp"

namespace {

namespace fs = std::filesystem;
using namespace quake_models;
using namespace quake_models::files;

fs::path scratch(const std::string& name) {
  const fs::path p =
      fs::temp_directory_path() / ("quake_models_test_" + std::to_string(::getpid())) / name;
  fs::create_directories(p.parent_path());
  return p;
}

/// files::tiny_bert written into a directory of its own.
fs::path tiny_bert(std::int64_t type_rows = 2, std::int64_t word_rows = 12,
                   const std::string& name = "tiny_bert") {
  const fs::path dir = scratch(name);
  fs::create_directories(dir);
  for (const auto& [file, content] : files::tiny_bert(type_rows, word_rows))
    write(dir / file, content);
  return dir;
}

/// files::tiny_llama written to a file.
fs::path tiny_llama(const std::string& arch = "llama") {
  const fs::path p = scratch("tiny_" + arch + ".gguf");
  write(p, files::tiny_llama(arch));
  return p;
}

// ---- weights ---------------------------------------------------------------------------------

TEST(Safetensors, ReadsEachFloatType) {
  const fs::path p = scratch("types.safetensors");
  StTensor h{"F16", {2, 2}, {}}, b{"BF16", {3}, {}};
  for (float x : {1.0f, -2.5f, 0.125f, 65504.0f}) put(h.data, f16(x));
  for (float x : {1.0f, -3.0f, 1e30f}) put(b.data, bf16(x));
  StTensor ids{"I64", {2}, bytes(16, 0)};
  write(p, safetensors({{"a", f32({2, 3}, {1, 2, 3, 4, 5, 6})}, {"h", h}, {"b", b}, {"ids", ids}}));
  const Weights w = Weights::safetensors({p.string()});
  EXPECT_EQ(w.floats("a", {2, 3}), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(w.floats("h", {2, 2}), (std::vector<float>{1.0f, -2.5f, 0.125f, 65504.0f}));
  EXPECT_EQ(w.floats("b", {3}),
            (std::vector<float>{1.0f, -3.0f, static_cast<float>(quake::bfloat16(1e30f))}));
  EXPECT_FALSE(w.has("ids"));  // integer buffers are not weights
  EXPECT_THROW(w.floats("a", {3, 2}), Error);
  EXPECT_THROW(w.floats("missing", {1}), Error);
}

TEST(Safetensors, EveryTruncationIsAnError) {
  const bytes good = safetensors({{"a", f32({4}, {1, 2, 3, 4})}, {"b", f32({2}, {5, 6})}});
  const fs::path p = scratch("cut.safetensors");
  for (std::size_t n = 0; n < good.size(); ++n) {
    write(p, bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)));
    EXPECT_THROW(Weights::safetensors({p.string()}), Error) << "cut at " << n;
  }
}

TEST(Safetensors, CorruptHeadersAreErrors) {
  const fs::path p = scratch("bad.safetensors");
  const auto with_header = [&](const std::string& h, std::size_t data) {
    bytes b;
    put<std::uint64_t>(b, h.size());
    b.insert(b.end(), h.begin(), h.end());
    b.resize(b.size() + data);
    write(p, b);
  };
  for (const std::string h :
       {"not json", "[1, 2]", R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}})",
        R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [8, 0]}})",
        R"({"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 8]}})",
        R"({"a": {"dtype": "F32", "shape": "x", "data_offsets": [0, 8]}})",
        R"({"a": {"dtype": "F32", "shape": [2]}})",
        R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 16]}})"}) {
    with_header(h, 8);
    EXPECT_THROW(Weights::safetensors({p.string()}), Error) << h;
  }
  bytes huge;
  put<std::uint64_t>(huge, ~std::uint64_t{0});
  write(p, huge);
  EXPECT_THROW(Weights::safetensors({p.string()}), Error);
  EXPECT_THROW(Weights::safetensors({scratch("absent.safetensors").string()}), Error);
}

/// One block of each quantised type with known contents, and what ggml makes of it.
struct Blocks {
  GgufTensor q4_0{"q4_0", {32}, 2, {}}, q4_1{"q4_1", {32}, 3, {}}, q8_0{"q8_0", {32}, 8, {}};
  std::vector<float> want_q4_0, want_q4_1, want_q8_0;
  Blocks() {
    const float d = 0.5f, m = -1.25f;
    put(q4_0.data, f16(d));
    put(q4_1.data, f16(d));
    put(q4_1.data, f16(m));
    put(q8_0.data, f16(d));
    want_q4_0.resize(32);
    want_q4_1.resize(32);
    for (int j = 0; j < 16; ++j) {
      const std::uint8_t lo = static_cast<std::uint8_t>(j), hi = static_cast<std::uint8_t>(15 - j);
      q4_0.data.push_back(static_cast<std::uint8_t>(lo | hi << 4));
      q4_1.data.push_back(static_cast<std::uint8_t>(lo | hi << 4));
      want_q4_0[j] = d * (lo - 8);
      want_q4_0[j + 16] = d * (hi - 8);
      want_q4_1[j] = d * lo + m;
      want_q4_1[j + 16] = d * hi + m;
    }
    for (int j = 0; j < 32; ++j) {
      const auto q = static_cast<std::int8_t>(j * 8 - 128);
      q8_0.data.push_back(static_cast<std::uint8_t>(q));
      want_q8_0.push_back(d * q);
    }
  }
};

bytes small_gguf() {
  Blocks b;
  GgufTensor h{"h", {2}, 1, {}};
  put(h.data, f16(1.5f));
  put(h.data, f16(-2.0f));
  return gguf({{"general.architecture", kv_string("llama")},
               {"n", kv_u32(7)},
               {"x", kv_f32(0.25f)},
               {"list", kv_strings({"a", "b c"})}},
              {gguf_f32("m", {3, 2}, {1, 2, 3, 4, 5, 6}), h, b.q4_0, b.q4_1, b.q8_0});
}

TEST(Gguf, ReadsMetadataShapesAndEveryType) {
  const fs::path p = scratch("small.gguf");
  write(p, small_gguf());
  const Weights w = Weights::gguf(p.string());
  EXPECT_EQ(w.meta("general.architecture"), "llama");
  EXPECT_EQ(w.meta("n"), 7);
  EXPECT_EQ(w.meta("x"), 0.25);
  EXPECT_EQ(w.meta("list"), json({"a", "b c"}));
  EXPECT_THROW(w.meta("absent"), Error);
  // ne = (3, 2): two rows of three, outermost first.
  EXPECT_EQ(w.at("m").shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(w.floats("m", {2, 3}), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(w.floats("h", {2}), (std::vector<float>{1.5f, -2.0f}));
  const Blocks b;
  EXPECT_EQ(w.floats("q4_0", {32}), b.want_q4_0);
  EXPECT_EQ(w.floats("q4_1", {32}), b.want_q4_1);
  EXPECT_EQ(w.floats("q8_0", {32}), b.want_q8_0);
}

TEST(Gguf, EveryTruncationIsAnError) {
  const bytes good = small_gguf();
  const fs::path p = scratch("cut.gguf");
  // The last tensor ends at the end of the file: every shorter prefix lacks something.
  for (std::size_t n = 0; n < good.size(); ++n) {
    write(p, bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)));
    EXPECT_THROW(Weights::gguf(p.string()), Error) << "cut at " << n;
  }
}

TEST(Gguf, CorruptFilesAreErrors) {
  const fs::path p = scratch("bad.gguf");
  bytes b = small_gguf();
  b[0] = 'X';
  write(p, b);
  EXPECT_THROW(Weights::gguf(p.string()), Error);
  write(p, gguf({}, {gguf_f32("m", {2}, {1, 2})}, 1));  // version 1
  EXPECT_THROW(Weights::gguf(p.string()), Error);
  GgufTensor k{"k", {256}, 12, bytes(144, 0)};  // Q4_K: not read
  write(p, gguf({}, {k}));
  EXPECT_THROW(Weights::gguf(p.string()), Error);
  GgufTensor odd{"q", {31}, 8, bytes(34, 0)};  // not a whole block
  write(p, gguf({}, {odd}));
  EXPECT_THROW(Weights::gguf(p.string()), Error);
  bytes kv;
  put<std::uint32_t>(kv, 99);  // unknown metadata type
  write(p, gguf({{"k", kv}}, {}));
  EXPECT_THROW(Weights::gguf(p.string()), Error);
  // Random bytes after a valid header never crash the reader.
  std::mt19937 rng(1);
  const bytes good = small_gguf();
  for (int i = 0; i < 300; ++i) {
    bytes c = good;
    for (int k = 0; k < 4; ++k) c[8 + rng() % (c.size() - 8)] = static_cast<std::uint8_t>(rng());
    write(p, c);
    try {
      Weights::gguf(p.string());
    } catch (const Error&) {
    }
  }
}

// ---- accuracy figures ----------------------------------------------------------------------

// A NaN embedding makes the cosine figures NaN, which no limit accepts (std::min kept the old
// minimum).
TEST(Metrics, CosineFiguresPropagateNaN) {
  const std::vector<std::vector<float>> ref = {{1, 0}, {0, 1}, {1, 1}};
  auto got = ref;
  const auto same = cosine_min_mean(got, ref);
  EXPECT_NEAR(same.first, 1.0, 1e-12);
  EXPECT_NEAR(same.second, 1.0, 1e-12);
  EXPECT_TRUE(all_finite(got));
  got[1][0] = std::nanf("");
  const auto bad = cosine_min_mean(got, ref);
  EXPECT_TRUE(std::isnan(bad.first));
  EXPECT_TRUE(std::isnan(bad.second));
  EXPECT_FALSE(all_finite(got));
  got[1][0] = 0;
  got[2] = {1, -1};  // orthogonal: the minimum moves, the others stay
  EXPECT_NEAR(cosine_min_mean(got, ref).first, 0.0, 1e-12);
}

// ---- tokenizers ------------------------------------------------------------------------------

TEST(WordPiece, SplitsLowercasesAndStripsAccents) {
  const WordPiece wp =
      WordPiece::from_lines({"[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello", ",", "world", "!", "un",
                             "##aff", "##able", "cafe", "naive", "中", "a", "b"});
  const auto ids = wp.encode("Hello, WORLD!  unaffable\tCafé naïve 中x", 64);
  const std::vector<std::int32_t> want = {2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 1, 3};
  EXPECT_EQ(ids, want);
  EXPECT_EQ(wp.encode("", 8), (std::vector<std::int32_t>{2, 3}));
  EXPECT_EQ(wp.encode("a b a b a", 4), (std::vector<std::int32_t>{2, 14, 15, 3}));
  EXPECT_EQ(wp.encode(std::string(101, 'a'), 8), (std::vector<std::int32_t>{2, 1, 3}));
  EXPECT_THROW(WordPiece::from_lines({"a", "b"}), Error);
}

/// A byte-level vocabulary: the 256 byte symbols, then the merges' results.
BytePairEncoder tiny_bpe(bool split_digits) {
  std::vector<std::string> tokens = byte_symbols();
  const std::vector<std::string> merges = {"Ġ t",  "h e", "Ġt he", "c a",
                                           "ca t", "1 2", "' s",   "Ċ Ċ"};
  for (const auto& m : merges)
    tokens.push_back(m.substr(0, m.find(' ')) + m.substr(m.find(' ') + 1));
  return BytePairEncoder(tokens, merges, split_digits);
}

TEST(BytePairEncoder, MergesByRankWithinPieces) {
  const BytePairEncoder bpe = tiny_bpe(false);
  // "the cat": pieces "the", " cat"; "t h e" merges "h e" only (no "t he"), " cat" -> "Ġ" "cat"
  // (the space's symbol "Ġ" is token 32, the byte's own number in this vocabulary).
  EXPECT_EQ(bpe.encode("the cat"), (std::vector<std::int32_t>{'t', 257, ' ', 260}));
  EXPECT_EQ(bpe.encode(" the"), (std::vector<std::int32_t>{258}));
  EXPECT_EQ(bpe.encode("12"), (std::vector<std::int32_t>{261}));
  EXPECT_EQ(tiny_bpe(true).encode("12"), (std::vector<std::int32_t>{'1', '2'}));
}

TEST(BytePairEncoder, PreTokenizerFollowsGpt2) {
  // Merges apply within a piece only, so they show where the pre-tokenizer cut.
  const BytePairEncoder bpe = tiny_bpe(false);
  EXPECT_EQ(bpe.encode("it's"), (std::vector<std::int32_t>{'i', 't', 262}));    // contraction
  EXPECT_EQ(bpe.encode("a  the"), (std::vector<std::int32_t>{'a', ' ', 258}));  // " " + " the"
  EXPECT_EQ(bpe.encode("\n\nb"), (std::vector<std::int32_t>{'\n', '\n', 'b'}));
  EXPECT_EQ(bpe.encode("b\n\n"), (std::vector<std::int32_t>{'b', 263}));  // trailing run: one piece
  EXPECT_EQ(bpe.encode("b!?'s"),
            (std::vector<std::int32_t>{'b', '!', '?', '\'', 's'}));  // "!?'" is one piece: no 's
}

TEST(BytePairEncoder, RoundTripsAnyBytes) {
  for (bool digits : {false, true}) {
    const BytePairEncoder bpe = tiny_bpe(digits);
    std::mt19937 rng(digits ? 2 : 3);
    for (int i = 0; i < 200; ++i) {
      std::string s;
      const int n = static_cast<int>(rng() % 40);
      for (int k = 0; k < n; ++k)
        s += static_cast<char>(rng() % 3 ? " tha'\n1éc"[rng() % 10] : rng());
      EXPECT_EQ(bpe.decode(bpe.encode(s)), s);
    }
  }
}

// ---- backends --------------------------------------------------------------------------------

TEST(Nonlinear, UnknownNamesAreErrors) {
  EXPECT_THROW(Nonlinear("quake6"), Error);
  EXPECT_THROW(Nonlinear(""), Error);
  EXPECT_EQ(Nonlinear::all_names().size(), 7u);
}

template <class F, int... N>
double bound_of(int order, std::integer_sequence<int, N...>) {
  double b = 0;
  ((b = N == order ? F::template bound<N, float>() : b), ...);
  return b;
}
double gelu_bound(int order) {
  return bound_of<quake::fn::gelu_erf>(order, std::integer_sequence<int, 1, 2, 3, 4, 5>{});
}
double silu_bound(int order) {
  return bound_of<quake::fn::silu>(order, std::integer_sequence<int, 1, 2, 3, 4, 5>{});
}
double exp_bound(int order) {
  return bound_of<quake::fn::exp>(order, std::integer_sequence<int, 1, 2, 3, 4, 5>{});
}

TEST(Nonlinear, EveryBackendComputesTheFunctions) {
  std::mt19937 rng(4);
  std::normal_distribution<float> g(0.0f, 3.0f);
  const std::size_t n = 77;
  std::vector<float> x(n);
  for (auto& v : x) v = g(rng);
  for (const auto& name : Nonlinear::all_names()) {
    Nonlinear nl(name);
    // quakeN: the registry's bounds (relative to |x| for x Phi(x) and x sigmoid(x), exp<N>'s
    // bound B for the rows); exact and simd: a few ulps.
    const int order = name.rfind("quake", 0) == 0 ? name[5] - '0' : 0;
    const double gelu_tol = order == 0 ? 1e-6 : gelu_bound(order);
    const double silu_tol = order == 0 ? 1e-6 : silu_bound(order);
    const double row_tol = order == 0 ? 1e-6 : 3 * exp_bound(order) + 1e-6;
    std::vector<float> y = x;
    nl.gelu_erf(y.data(), n);
    for (std::size_t i = 0; i < n; ++i) {
      const double want = 0.5 * x[i] * (1 + std::erf(x[i] / std::sqrt(2.0)));
      EXPECT_NEAR(y[i], want, gelu_tol * std::fabs(x[i]) + 1e-7) << name << " gelu " << x[i];
    }
    y = x;
    nl.silu(y.data(), n);
    for (std::size_t i = 0; i < n; ++i) {
      const double want = x[i] / (1 + std::exp(-static_cast<double>(x[i])));
      EXPECT_NEAR(y[i], want, silu_tol * std::fabs(x[i]) + 1e-7) << name << " silu " << x[i];
    }
    // Causal softmax of 7 rows of 11: row r sees 11 - 7 + r + 1 entries, the rest are 0.
    const std::size_t rows = 7, cols = 11;
    y.assign(x.begin(), x.begin() + rows * cols);
    nl.softmax(y.data(), rows, cols, 0.5f, true);
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t seen = cols - rows + r + 1;
      double z = 0;
      for (std::size_t c = 0; c < seen; ++c) z += std::exp(0.5 * x[r * cols + c]);
      for (std::size_t c = 0; c < cols; ++c) {
        const double want = c < seen ? std::exp(0.5 * x[r * cols + c]) / z : 0.0;
        EXPECT_NEAR(y[r * cols + c], want, row_tol * want + 1e-7) << name << " softmax";
      }
    }
    y.assign(x.begin(), x.begin() + rows * cols);
    nl.log_softmax(y.data(), rows, cols);
    for (std::size_t r = 0; r < rows; ++r) {
      double z = 0;
      for (std::size_t c = 0; c < cols; ++c) z += std::exp(static_cast<double>(x[r * cols + c]));
      for (std::size_t c = 0; c < cols; ++c)
        EXPECT_NEAR(y[r * cols + c], x[r * cols + c] - std::log(z), 10 * row_tol) << name;
    }
    EXPECT_GT(nl.seconds(), 0.0);
    nl.reset();
    EXPECT_EQ(nl.seconds(), 0.0);
  }
}

TEST(Nonlinear, QuakeBackendsAreQuakesFunctions) {
  std::vector<float> x(100);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i) * 0.37f - 15.0f;
  std::vector<float> y = x, want(x.size());
  Nonlinear("quake3").gelu_erf(y.data(), y.size());
  quake::gelu_erf<3>(x.data(), want.data(), x.size());
  EXPECT_EQ(y, want);
  y = x;
  Nonlinear("quake4").silu(y.data(), y.size());
  quake::silu<4>(x.data(), want.data(), x.size());
  EXPECT_EQ(y, want);
}

// ---- tiny models: load, run, properties -------------------------------------------------------

TEST(TinyModels, BertEmbedsUnitVectorsCloseAcrossBackends) {
  const auto m = load_model(tiny_bert().string());
  ASSERT_TRUE(m->is_encoder());
  const auto ids = m->tokenize("The cat sat on a mat.", 512);
  EXPECT_EQ(ids, (std::vector<std::int32_t>{2, 4, 5, 6, 7, 9, 8, 11, 3}));
  Nonlinear exact("exact"), q5("quake5"), q1("quake1");
  const auto e = m->embed(ids, exact), e5 = m->embed(ids, q5), e1 = m->embed(ids, q1);
  double norm = 0, dot5 = 0, dot1 = 0;
  for (std::size_t i = 0; i < e.size(); ++i) {
    norm += e[i] * e[i];
    dot5 += e[i] * e5[i];
    dot1 += e[i] * e1[i];
  }
  EXPECT_NEAR(norm, 1.0, 1e-6);
  EXPECT_GT(dot5, 0.999999);
  EXPECT_GT(dot1, 0.99);
  EXPECT_LT(dot1, dot5);  // order 1 moves the embedding more than order 5
  EXPECT_THROW(m->log_probs(ids, exact), Error);
}

TEST(TinyModels, LlamaIsCausalAndNormalised) {
  const auto m = load_model(tiny_llama().string());
  ASSERT_FALSE(m->is_encoder());
  const auto ids = m->tokenize("a tiny test of it", 64);
  EXPECT_EQ(m->detokenize(ids), "a tiny test of it");
  EXPECT_EQ(std::count(ids.begin(), ids.end(), 256), 2);  // the merged " t"
  Nonlinear exact("exact");
  const auto lp = m->log_probs(ids, exact);
  const std::size_t V = m->vocab();
  ASSERT_EQ(lp.size(), ids.size() * V);
  for (std::size_t r = 0; r < ids.size(); ++r) {
    double z = 0;
    for (std::size_t j = 0; j < V; ++j) z += std::exp(static_cast<double>(lp[r * V + j]));
    EXPECT_NEAR(z, 1.0, 1e-5);
  }
  // Causal: a prefix's log-probabilities are the first rows of the whole sequence's.
  const std::vector<std::int32_t> prefix(ids.begin(), ids.begin() + 5);
  const auto lpp = m->log_probs(prefix, exact);
  for (std::size_t i = 0; i < lpp.size(); ++i) ASSERT_NEAR(lpp[i], lp[i], 1e-5) << i;
  Nonlinear q5("quake5");
  const auto l5 = m->log_probs(ids, q5);
  for (std::size_t i = 0; i < lp.size(); ++i) ASSERT_NEAR(l5[i], lp[i], 1e-4) << i;
  EXPECT_THROW(m->embed(ids, exact), Error);
  EXPECT_THROW(m->log_probs({static_cast<std::int32_t>(V)}, exact), Error);
}

TEST(TinyModels, LoadErrorsAreOneLine) {
  const auto fails = [](const std::string& path) {
    try {
      load_model(path);
    } catch (const Error& e) {
      return std::string(e.what()).find('\n') == std::string::npos;
    }
    return false;
  };
  EXPECT_TRUE(fails(scratch("nothing-here").string()));
  EXPECT_TRUE(fails(tiny_llama("gpt2").string()));  // an architecture the runner does not read
  const fs::path dir = scratch("no_config");
  fs::create_directories(dir);
  EXPECT_TRUE(fails(dir.string()));
  write(dir / "config.json", "{\"model_type\": \"t5\"}");
  EXPECT_TRUE(fails(dir.string()));
  write(dir / "config.json", "{not json");
  EXPECT_TRUE(fails(dir.string()));
  const fs::path bert = tiny_bert();
  fs::remove(bert / "vocab.txt");
  EXPECT_TRUE(fails(bert.string()));
}

// A name read from a file can hold any bytes: the message quoting it stays one line, and says
// which bytes were there.
TEST(TinyModels, ErrorsAreOneLineWhateverTheFileHolds) {
  EXPECT_STREQ(Error("a\nb\tc\\d\x01\x7f\xc3\xa9").what(), "a\\nb\\tc\\\\d\\x01\\x7f\xc3\xa9");
  const fs::path p = scratch("control_bytes.gguf");
  write(p, gguf({}, {GgufTensor{"line one\nline two", {256}, 12, bytes(144, 0)}}));  // Q4_K
  try {
    Weights::gguf(p.string());
    ADD_FAILURE() << "a Q4_K tensor was read";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'line one\\nline two'"), std::string::npos) << e.what();
  }
}

/// Whether loading `path` is an error whose message holds `what` (one line), not a crash.
bool load_error(const fs::path& path, const std::string& what) {
  try {
    load_model(path.string());
  } catch (const Error& e) {
    const std::string m = e.what();
    return m.find('\n') == std::string::npos && m.find(what) != std::string::npos;
  }
  return false;
}

// Shapes are the config's, not the tensors' own: a token type table of [0, d] (empty data
// offsets) was read past its end for every token.
TEST(TinyModels, ShapesThatDoNotMatchTheConfigAreErrors) {
  EXPECT_TRUE(load_error(tiny_bert(0, 12, "bert_no_types"), "token_type_embeddings"));
  EXPECT_TRUE(load_error(tiny_bert(3, 12, "bert_three_types"), "token_type_embeddings"));
  EXPECT_TRUE(load_error(tiny_bert(2, 11, "bert_short_vocab"), "word_embeddings"));
  const fs::path dir = tiny_bert(2, 12, "bert_zero_width");
  json cfg = json::parse(std::ifstream(dir / "config.json"));
  cfg["hidden_size"] = 0;
  write(dir / "config.json", cfg.dump());
  EXPECT_TRUE(load_error(dir, "hidden_size is 0"));
}

/// A Hugging Face Llama directory whose config has the given hidden size, with zero-sized tensors.
fs::path hf_llama_of_width(int hidden) {
  const fs::path dir = scratch("hf_llama_" + std::to_string(hidden));
  fs::create_directories(dir);
  write(dir / "config.json", json({{"model_type", "llama"},
                                   {"hidden_size", hidden},
                                   {"num_hidden_layers", 1},
                                   {"num_attention_heads", 2},
                                   {"intermediate_size", hidden},
                                   {"vocab_size", 4}})
                                 .dump());
  write(dir / "tokenizer.json",
        json({{"model",
               {{"type", "BPE"}, {"vocab", {{"a", 0}, {"b", 1}}}, {"merges", json::array()}}}})
            .dump());
  write(dir / "model.safetensors", safetensors({{"model.embed_tokens.weight", f32({4, 0}, {})}}));
  return dir;
}

// hidden_size 0 passed `d % heads == 0`, and RoPE divided by the head dimension 0 (SIGFPE).
TEST(TinyModels, ZeroSizedLlamaIsAnError) {
  EXPECT_TRUE(load_error(hf_llama_of_width(0), "embedding length is 0"));
  EXPECT_TRUE(load_error(hf_llama_of_width(6), "odd head dimension 3"));
}

// Numbers from a file are range-checked before they are converted: nlohmann's get<int> of
// 3.3e128 is undefined behaviour (the fuzzer found it in num_hidden_layers), and get<size_t> of
// -1 wraps to 2^64 - 1.
TEST(JsonNumbers, AreCheckedBeforeTheyAreConverted) {
  const auto message = [](auto read) {
    try {
      read();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(number<int>(json(7), "n"), 7);
  EXPECT_EQ(number<int>(json(7.0), "n"), 7);  // an integral float is the integer
  EXPECT_EQ(number<int>(json(-2147483648.0), "n"), -2147483647 - 1);
  EXPECT_EQ(number<std::int64_t>(json(-9223372036854775807LL - 1), "n"),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(number<std::uint64_t>(json(18446744073709551615ULL), "n"),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(number<float>(json(1e-12), "eps"), 1e-12f);
  EXPECT_EQ(number<float>(json(3), "eps"), 3.0f);
  const std::string int_range = ", not an integer in [-2147483648, 2147483647]";
  EXPECT_EQ(message([] { return number<int>(json(3.3e128), "n"); }), "n is 3.3e+128" + int_range);
  EXPECT_EQ(message([] { return number<int>(json(2147483648.0), "n"); }),
            "n is 2147483648.0" + int_range);
  EXPECT_EQ(message([] { return number<int>(json(2147483648LL), "n"); }),
            "n is 2147483648" + int_range);
  EXPECT_EQ(message([] { return number<int>(json(1.5), "n"); }), "n is 1.5" + int_range);
  EXPECT_EQ(message([] { return number<int>(json(true), "n"); }), "n is true" + int_range);
  EXPECT_EQ(message([] { return number<int>(json("8"), "n"); }), "n is \"8\"" + int_range);
  EXPECT_EQ(message([] { return number<std::uint64_t>(json(-1), "id"); }),
            "id is -1, not an integer in [0, 18446744073709551615]");
  EXPECT_EQ(message([] { return number<std::int64_t>(json(9223372036854775808.0), "n"); }),
            "n is 9.223372036854776e+18, not an integer in [-9223372036854775808, "
            "9223372036854775807]");
  EXPECT_EQ(message([] { return number<float>(json(1e39), "eps"); }),
            "eps is 1e+39, not a finite float32");
  EXPECT_EQ(message([] { return number<float>(json(std::nan("")), "eps"); }),
            "eps is null, not a finite float32");
  const json cfg = {{"a", 2}, {"b", 1e300}};
  EXPECT_EQ(number_or(cfg, "a", 5, "cfg: "), 2);
  EXPECT_EQ(number_or(cfg, "c", 5, "cfg: "), 5);
  EXPECT_EQ(message([&] { return number_or(cfg, "b", 1.0f, "cfg: "); }),
            "cfg: b is 1e+300, not a finite float32");
  EXPECT_EQ(message([] { return number_or(json::array(), "a", 1, "cfg: "); }),
            "cfg: not a JSON object");
}

// Each size a config.json gives is read that way: one error line naming the file and the key.
TEST(TinyModels, ConfigNumbersOutOfRangeAreErrors) {
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, json>>{{"num_hidden_layers", 3.3e128},
                                                 {"hidden_size", -1e10},
                                                 {"max_position_embeddings", 4294967296LL},
                                                 {"layer_norm_eps", 1e300},
                                                 {"type_vocab_size", 2.5}}) {
    const fs::path dir = tiny_bert(2, 12, "bert_bad_" + key);
    json cfg = json::parse(std::ifstream(dir / "config.json"));
    cfg[key] = value;
    write(dir / "config.json", cfg.dump());
    EXPECT_TRUE(load_error(dir, "config.json: " + key + " is " + value.dump() + ", not a")) << key;
  }
  const fs::path dir = hf_llama_of_width(8);
  json cfg = json::parse(std::ifstream(dir / "config.json"));
  cfg["rope_theta"] = -1e300;
  write(dir / "config.json", cfg.dump());
  EXPECT_TRUE(load_error(dir, "rope_theta is -1e+300, not a finite float32"));
  // Token ids are dense: a negative one, or one past the entries (a huge resize), is refused.
  for (const json& id : {json(-1), json(2), json(1e18)}) {
    const fs::path d = hf_llama_of_width(8);
    write(d / "tokenizer.json",
          json({{"model",
                 {{"type", "BPE"}, {"vocab", {{"a", 0}, {"b", id}}}, {"merges", json::array()}}}})
              .dump());
    EXPECT_TRUE(load_error(d, "tokenizer.json: not a byte-level BPE tokenizer")) << id;
  }
}

// So is GGUF metadata: a value of the wrong type, or a size past int, is one error line.
TEST(TinyModels, GgufMetadataOfTheWrongTypeIsAnError) {
  const fs::path p = scratch("bad_meta.gguf");
  const auto error_of = [&](const std::vector<std::pair<std::string, bytes>>& kv,
                            const std::string& what) {
    write(p, gguf(kv, {}));
    return load_error(p, what);
  };
  EXPECT_TRUE(error_of({{"general.alignment", kv_f32(1e30f)}},
                       "general.alignment is 1.0000000150474662e+30, not an integer in [0, "));
  EXPECT_TRUE(error_of({{"general.alignment", kv_string("32")}},
                       "general.alignment is \"32\", not an integer in [0, "));
  EXPECT_TRUE(error_of({{"general.architecture", kv_u32(7)}}, "bad GGUF metadata"));
  EXPECT_TRUE(error_of(
      {{"general.architecture", kv_string("llama")}, {"tokenizer.ggml.model", kv_f32(1.0f)}},
      "bad GGUF metadata"));
  EXPECT_TRUE(error_of({{"general.architecture", kv_string("llama")},
                        {"tokenizer.ggml.model", kv_string("gpt2")},
                        {"llama.embedding_length", kv_u32(3000000000u)}},
                       "llama.embedding_length is 3000000000, not an integer in"));
}

// Every Latin-1 letter U+00C0..U+00FF, lower-cased and stripped of its accent as BERT's uncased
// tokenizer does (NFD, marks dropped): U+00FF was read one place off its table, as '?'.
TEST(WordPiece, StripsTheAccentOfEveryLatin1Letter) {
  const WordPiece wp = WordPiece::from_lines(
      {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "c", "e", "i", "n", "o", "u", "y"});
  const std::string letters = "aceinouy";
  // The base letter of each lower-case code point U+00E0..U+00FF, '?' where NFD has none.
  const std::string base = "aaaaaa?ceeeeiiii?nooooo??uuuuy?y";
  for (std::uint32_t c = 0xE0; c <= 0xFF; ++c) {
    const char b = base[c - 0xE0];
    const std::int32_t want = b == '?' ? 1 : 4 + static_cast<std::int32_t>(letters.find(b));
    std::string lower, upper;
    utf8_append(lower, c);
    EXPECT_EQ(wp.encode(lower, 8), (std::vector<std::int32_t>{2, want, 3})) << std::hex << c;
    if (c == 0xF7 || c == 0xFF) continue;  // no upper case in Latin-1
    utf8_append(upper, c - 0x20);
    EXPECT_EQ(wp.encode(upper, 8), (std::vector<std::int32_t>{2, want, 3})) << std::hex << c - 0x20;
  }
}

// ---- the fuzz targets (models/fuzz/): seeds and regressions replayed ---------------------------

// Every target's seeds load (a seed that is rejected explores nothing) and keep its contract.
TEST(FuzzTargets, SeedsLoadAndKeepTheContract) {
  ASSERT_EQ(fuzz::targets().size(), 4u);
  for (const auto& t : fuzz::targets()) {
    const auto seeds = t.seeds();
    EXPECT_GE(seeds.size(), 1u) << t.name;
    for (std::size_t i = 0; i < seeds.size(); ++i) {
      const auto o = t.run(seeds[i].data(), seeds[i].size());
      EXPECT_EQ(o.broken, "") << t.name << " seed " << i;
      EXPECT_TRUE(o.loaded) << t.name << " seed " << i << " is rejected";
    }
  }
}

// Each target's contract check sees what it must: a rejection is not a load, and every cut of a
// seed is either.
TEST(FuzzTargets, CutSeedsAreRejectedOrLoadedNeverBroken) {
  for (const auto& t : fuzz::targets()) {
    const auto seed = t.seeds().front();
    for (std::size_t n = 0; n < seed.size(); n += 1 + seed.size() / 97) {
      const auto o = t.run(seed.data(), n);
      EXPECT_EQ(o.broken, "") << t.name << " cut at " << n;
    }
  }
  const std::uint8_t junk[] = {'G', 'G', 'U', 'F', 3, 0};
  EXPECT_FALSE(fuzz::find("gguf")->run(junk, sizeof junk).loaded);
  EXPECT_EQ(fuzz::find("no-such-target"), nullptr);
}

// One file per defect a model-file fuzzer found, named <target>-<what>, each with its row in
// regressions/README.md.
TEST(FuzzTargets, RegressionsReplay) {
  const fs::path dir = fs::path(QUAKE_MODELS_FUZZ_DIR) / "regressions";
  const std::string table = read_file((dir / "README.md").string());
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name == "README.md") continue;
    EXPECT_NE(table.find("| `" + name + "` |"), std::string::npos) << name << " has no row";
    const auto* t = fuzz::find(name.substr(0, name.find('-')));
    ASSERT_NE(t, nullptr) << name << " names no target";
    const std::string b = read_file(entry.path().string());
    EXPECT_EQ(t->run(reinterpret_cast<const std::uint8_t*>(b.data()), b.size()).broken, "") << name;
  }
}

}  // namespace
