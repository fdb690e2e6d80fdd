// quake_models: runs real transformers with each non-linearity backend and measures what the
// backend changes -- speed, and how far the model's output moves from the exact one.
//
//   quake_models eval --model PATH --text FILE [--backends exact,simd,quake1,...,quake5]
//                     [--threads N] [--ctx N] [--max-tokens N] [--json OUT]
//                     [--labels FILE] [--k N]
//   quake_models generate --model PATH --prompt TEXT --tokens N --backend B [--threads N]
//   quake_models dump --model PATH --text FILE --out PREFIX [--ctx N] [--max-tokens N]
//
// docs/models.md describes the measurements and the figures.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "metrics.hpp"
#include "model.hpp"
#include "weights.hpp"

namespace {

using namespace quake_models;
using json = nlohmann::ordered_json;
using clock_type = std::chrono::steady_clock;

const char* const kUsage =
    "usage: quake_models eval --model PATH --text FILE [--backends LIST] [--threads N]\n"
    "                         [--ctx N] [--max-tokens N] [--json OUT] [--labels FILE] [--k N]\n"
    "       quake_models generate --model PATH --prompt TEXT --tokens N --backend B [--threads N]\n"
    "       quake_models dump --model PATH --text FILE --out PREFIX [--ctx N] [--max-tokens N]\n"
    "backends: exact, simd, quake1 ... quake5 (eval default: all of them)\n";

struct Args {
  std::map<std::string, std::string> opt;
  std::string get(const std::string& k, const std::string& def = "") const {
    auto it = opt.find(k);
    return it == opt.end() ? def : it->second;
  }
  std::string need(const std::string& k) const {
    auto it = opt.find(k);
    if (it == opt.end()) throw Error("missing --" + k);
    return it->second;
  }
  /// A numeric option (parse() checked it is a positive integer), or def when absent.
  std::size_t number(const std::string& k, std::size_t def) const {
    auto it = opt.find(k);
    return it == opt.end() ? def : std::stoul(it->second);
  }
};

/// The options of argv[2..], each one of `known`; the numeric ones checked here, once.
Args parse(int argc, char** argv, const std::vector<std::string>& known) {
  static const std::vector<std::string> numeric = {"threads", "ctx", "max-tokens", "k", "tokens"};
  Args a;
  for (int i = 2; i < argc; ++i) {
    const std::string s = argv[i];
    const std::string k = s.substr(std::min<std::size_t>(2, s.size()));
    if (s.rfind("--", 0) != 0 || std::find(known.begin(), known.end(), k) == known.end())
      throw Error("unknown argument '" + s + "'");
    if (i + 1 >= argc) throw Error(s + " needs a value");
    const std::string v = argv[++i];
    if (std::find(numeric.begin(), numeric.end(), k) != numeric.end() &&
        (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos ||
         std::stoul(v) == 0))
      throw Error(s + " wants a positive integer, not '" + v + "'");
    a.opt[k] = v;
  }
  return a;
}

std::vector<std::string> nonempty_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) out.push_back(line);
  }
  return out;
}

std::vector<Nonlinear> backends(const Args& a) {
  std::vector<Nonlinear> out;
  std::string list = a.get("backends", "");
  if (list.empty())
    for (const auto& n : Nonlinear::all_names()) list += (list.empty() ? "" : ",") + n;
  std::istringstream in(list);
  for (std::string name; std::getline(in, name, ',');) {
    for (const auto& b : out)
      if (b.name() == name) throw Error("backend '" + name + "' given twice");
    out.emplace_back(name);
  }
  if (out.empty()) throw Error("--backends is empty");
  // exact is the reference of every comparison: always run, first.
  auto it = std::find_if(out.begin(), out.end(), [](const auto& b) { return b.name() == "exact"; });
  if (it == out.end())
    out.insert(out.begin(), Nonlinear("exact"));
  else
    std::rotate(out.begin(), it, it + 1);
  return out;
}

struct Timing {
  double seconds = 0, nonlinear = 0;
  double by_op[Nonlinear::op_count] = {};
  json ops() const {  // seconds per non-linearity that ran
    json j = json::object();
    for (int op = 0; op < Nonlinear::op_count; ++op)
      if (by_op[op] > 0) j[Nonlinear::op_name(op)] = by_op[op];
    return j;
  }
};

template <class F>
auto timed(Nonlinear& nl, Timing& t, F&& f) {
  nl.reset();
  const auto start = clock_type::now();
  auto r = f();
  t.seconds += std::chrono::duration<double>(clock_type::now() - start).count();
  t.nonlinear += nl.seconds();
  for (int op = 0; op < Nonlinear::op_count; ++op) t.by_op[op] += nl.seconds(op);
  return r;
}

void write_json(const Args& a, const json& j) {
  const std::string out = a.get("json");
  if (out.empty()) return;
  std::ofstream f(out);
  if (!f) throw Error(out + ": cannot write");
  f << j.dump(2) << "\n";
  if (!f) throw Error(out + ": cannot write");
}

void print_row(const std::string& name, const Timing& t, std::size_t tokens, const Timing& exact,
               const Timing* simd, const std::string& quality) {
  std::printf("%-7s %9.3f %10.1f %7.3fx %7s %8.1f%%  %s\n", name.c_str(), t.seconds,
              tokens / t.seconds, exact.seconds / t.seconds,
              simd ? (std::to_string(simd->seconds / t.seconds).substr(0, 5) + "x").c_str() : "-",
              100.0 * t.nonlinear / t.seconds, quality.c_str());
}

/// The table's header; returns the simd backend's timing (nullptr when it did not run).
const Timing* print_header(const std::vector<Nonlinear>& nls, const std::vector<Timing>& time,
                           const char* quality) {
  std::printf("%-7s %9s %10s %8s %8s %9s  %s\n", "backend", "seconds", "tokens/s", "vs exact",
              "vs simd", "nonlin", quality);
  for (std::size_t b = 0; b < nls.size(); ++b)
    if (nls[b].name() == "simd") return &time[b];
  return nullptr;
}

// ---- encoder: cosine to exact, kNN topic accuracy ----------------------------------------------

int eval_encoder(const Args& a, const std::string& text, const Model& m,
                 std::vector<Nonlinear>& nls) {
  const std::vector<std::string> lines = nonempty_lines(text);
  if (lines.empty()) throw Error(a.need("text") + ": no non-empty line");
  std::vector<std::string> labels;
  if (!a.get("labels").empty()) {
    labels = nonempty_lines(read_file(a.get("labels")));
    if (labels.size() != lines.size())
      throw Error(a.get("labels") + ": " + std::to_string(labels.size()) + " labels for " +
                  std::to_string(lines.size()) + " inputs");
  }
  const std::size_t max_tokens = a.number("max-tokens", 512);
  std::vector<std::vector<std::int32_t>> ids;
  std::size_t tokens = 0;
  for (const auto& l : lines) {
    ids.push_back(m.tokenize(l, max_tokens));
    tokens += ids.back().size();
  }
  const std::size_t B = nls.size(), N = lines.size();
  std::vector<Timing> time(B);
  std::vector<std::vector<std::vector<float>>> emb(B, std::vector<std::vector<float>>(N));
  for (std::size_t i = 0; i < N; ++i)  // inputs outside, backends inside: noise hits all alike
    for (std::size_t b = 0; b < B; ++b)
      emb[b][i] = timed(nls[b], time[b], [&] { return m.embed(ids[i], nls[b]); });
  const std::size_t k = a.number("k", 5);
  const auto knn = [&](const std::vector<std::vector<float>>& e) {
    if (!all_finite(e)) return std::numeric_limits<double>::quiet_NaN();
    std::size_t right = 0;
    for (std::size_t i = 0; i < N; ++i) {
      std::vector<std::pair<double, std::size_t>> sim;
      for (std::size_t j = 0; j < N; ++j)
        if (j != i) sim.emplace_back(dot(e[i], e[j]), j);
      const std::size_t kk = std::min(k, sim.size());
      std::partial_sort(sim.begin(), sim.begin() + static_cast<std::ptrdiff_t>(kk), sim.end(),
                        [](const auto& x, const auto& y) { return x.first > y.first; });
      std::map<std::string, std::pair<int, double>> votes;  // label -> (count, similarity)
      for (std::size_t r = 0; r < kk; ++r) {
        auto& v = votes[labels[sim[r].second]];
        ++v.first;
        v.second += sim[r].first;
      }
      const auto best =
          std::max_element(votes.begin(), votes.end(),
                           [](const auto& x, const auto& y) { return x.second < y.second; });
      right += best != votes.end() && best->first == labels[i];
    }
    return static_cast<double>(right) / static_cast<double>(N);
  };
  json out = {{"model", a.need("model")},
              {"kind", "encoder"},
              {"tokens", tokens},
              {"inputs", N},
              {"architecture", m.describe()},
              {"backends", json::object()}};
  std::printf("%s: %zu inputs, %zu tokens, %zu BLAS thread(s)\n", m.describe().c_str(), N, tokens,
              a.number("threads", 1));
  const Timing* simd = print_header(nls, time, "cosine to exact: min / mean; kNN accuracy");
  for (std::size_t b = 0; b < B; ++b) {
    const auto [cmin, cmean] = cosine_min_mean(emb[b], emb[0]);
    json r = {{"seconds", time[b].seconds},
              {"tokens_per_second", tokens / time[b].seconds},
              {"nonlinear_seconds", time[b].nonlinear},
              {"nonlinear_share", time[b].nonlinear / time[b].seconds},
              {"nonlinear_seconds_by_op", time[b].ops()},
              {"cosine_min", cmin},
              {"cosine_mean", cmean}};
    char q[128];
    std::snprintf(q, sizeof q, "%.7f / %.7f", cmin, cmean);
    std::string quality = q;
    if (!labels.empty()) {
      const double acc = knn(emb[b]);
      r["knn_accuracy"] = acc;
      r["knn_k"] = k;
      quality += "; " + std::to_string(100 * acc).substr(0, 5) + "%";
    }
    out["backends"][nls[b].name()] = r;
    print_row(nls[b].name(), time[b], tokens, time[0], simd, quality);
  }
  write_json(a, out);
  return 0;
}

// ---- decoder: perplexity, agreement and KL against exact ---------------------------------------

int eval_decoder(const Args& a, const std::string& text, const Model& m,
                 std::vector<Nonlinear>& nls) {
  std::vector<std::int32_t> ids = m.tokenize(text, a.number("max-tokens", 1u << 30));
  const std::size_t ctx = std::min(a.number("ctx", 1024), m.max_positions());
  if (ctx < 2) throw Error("--ctx must be at least 2: a window predicts its tokens 2..n");
  if (ids.size() < 2) throw Error(a.need("text") + ": fewer than 2 tokens");
  const std::size_t B = nls.size(), V = m.vocab();
  std::vector<Timing> time(B);
  std::vector<double> nll(B, 0), kl(B, 0);
  std::vector<std::size_t> agree(B, 0);
  std::size_t scored = 0, tokens = 0;
  for (std::size_t w0 = 0; w0 + 1 < ids.size(); w0 += ctx) {
    const std::vector<std::int32_t> win(
        ids.begin() + static_cast<std::ptrdiff_t>(w0),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(w0 + ctx, ids.size())));
    if (win.size() < 2) break;
    tokens += win.size();
    const std::size_t P = win.size() - 1;  // positions with a next token
    std::vector<float> ref;
    std::vector<std::size_t> ref_top(P);
    for (std::size_t b = 0; b < B; ++b) {
      std::vector<float> lp = timed(nls[b], time[b], [&] { return m.log_probs(win, nls[b]); });
      for (std::size_t p = 0; p < P; ++p) {
        const float* row = &lp[p * V];
        nll[b] -= row[win[p + 1]];
        const std::size_t top = static_cast<std::size_t>(std::max_element(row, row + V) - row);
        if (b == 0) {
          ref_top[p] = top;
        } else {
          agree[b] += top == ref_top[p];
          // KL(exact || backend), the backend's distribution renormalised in double: its own
          // normalisation error shows in its perplexity, not here.
          const float* e = &ref[p * V];
          double z = 0, s = 0;
          for (std::size_t j = 0; j < V; ++j) z += std::exp(static_cast<double>(row[j]));
          for (std::size_t j = 0; j < V; ++j)
            s += std::exp(static_cast<double>(e[j])) * (static_cast<double>(e[j]) - row[j]);
          kl[b] += s + std::log(z);
        }
      }
      if (b == 0) {
        ref = std::move(lp);
        agree[0] += P;
      }
    }
    scored += P;
  }
  json out = {{"model", a.need("model")},  {"kind", "decoder"}, {"tokens", tokens},
              {"scored_tokens", scored},   {"ctx", ctx},        {"architecture", m.describe()},
              {"backends", json::object()}};
  std::printf("%s: %zu tokens in windows of %zu, %zu scored\n", m.describe().c_str(), tokens, ctx,
              scored);
  const Timing* simd = print_header(nls, time, "perplexity; top-1 agreement; mean KL to exact");
  for (std::size_t b = 0; b < B; ++b) {
    const double ppl = std::exp(nll[b] / static_cast<double>(scored));
    const double top1 = static_cast<double>(agree[b]) / static_cast<double>(scored);
    const double klm = kl[b] / static_cast<double>(scored);
    out["backends"][nls[b].name()] = {{"seconds", time[b].seconds},
                                      {"tokens_per_second", tokens / time[b].seconds},
                                      {"nonlinear_seconds", time[b].nonlinear},
                                      {"nonlinear_share", time[b].nonlinear / time[b].seconds},
                                      {"nonlinear_seconds_by_op", time[b].ops()},
                                      {"perplexity", ppl},
                                      {"top1_agreement", top1},
                                      {"kl_mean", klm}};
    char q[160];
    std::snprintf(q, sizeof q, "%.4f; %.4f%%; %.3g", ppl, 100 * top1, klm);
    print_row(nls[b].name(), time[b], tokens, time[0], simd, q);
  }
  write_json(a, out);
  return 0;
}

int eval(const Args& a) {
  auto nls = backends(a);  // the cheap checks first
  const std::string text = read_file(a.need("text"));
  auto m = load_model(a.need("model"));
  set_blas_threads(static_cast<int>(a.number("threads", 1)));
  return m->is_encoder() ? eval_encoder(a, text, *m, nls) : eval_decoder(a, text, *m, nls);
}

int generate(const Args& a) {
  Nonlinear nl(a.need("backend"));  // the cheap checks first
  const std::size_t n = a.number("tokens", 0);
  if (n == 0) throw Error("missing --tokens");
  auto m = load_model(a.need("model"));
  if (m->is_encoder()) throw Error(a.need("model") + ": an encoder does not generate text");
  set_blas_threads(static_cast<int>(a.number("threads", 1)));
  std::vector<std::int32_t> ids = m->tokenize(a.need("prompt"), m->max_positions());
  if (ids.empty()) throw Error("--prompt is empty");
  std::fputs(a.need("prompt").c_str(), stdout);
  for (std::size_t i = 0; i < n && ids.size() < m->max_positions(); ++i) {
    // Greedy; the whole sequence again for every token (a measuring runner has no KV cache).
    const std::vector<float> lp = m->log_probs(ids, nl);
    const float* row = &lp[(ids.size() - 1) * m->vocab()];
    const auto next = static_cast<std::int32_t>(std::max_element(row, row + m->vocab()) - row);
    ids.push_back(next);
    std::fputs(m->detokenize({next}).c_str(), stdout);
    std::fflush(stdout);
  }
  std::fputs("\n", stdout);
  return 0;
}

/// The exact backend's output with its token ids, for models/validate.py:
/// PREFIX.json {"kind", "ids": [[...], ...], "width"} and PREFIX.bin, float32
/// little-endian: one embedding per input (encoder) or the log-probabilities of every position
/// of the first window (decoder).
int dump(const Args& a) {
  auto m = load_model(a.need("model"));
  set_blas_threads(static_cast<int>(a.number("threads", 1)));
  Nonlinear nl("exact");
  const std::string prefix = a.need("out");
  json j = {{"kind", m->is_encoder() ? "encoder" : "decoder"}, {"ids", json::array()}};
  std::ofstream bin(prefix + ".bin", std::ios::binary);
  if (!bin) throw Error(prefix + ".bin: cannot write");
  const auto put = [&](const std::vector<float>& v) {
    bin.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(4 * v.size()));
  };
  if (m->is_encoder()) {
    std::size_t width = 0;
    for (const auto& l : nonempty_lines(read_file(a.need("text")))) {
      auto ids = m->tokenize(l, a.number("max-tokens", 512));
      const std::vector<float> e = m->embed(ids, nl);
      width = e.size();
      put(e);
      j["ids"].push_back(ids);
    }
    if (width == 0) throw Error(a.need("text") + ": no non-empty line");
    j["width"] = width;
  } else {
    auto ids = m->tokenize(read_file(a.need("text")), a.number("ctx", 64));
    put(m->log_probs(ids, nl));
    j["ids"].push_back(ids);
    j["width"] = m->vocab();
  }
  std::ofstream(prefix + ".json") << j.dump() << "\n";
  if (!bin) throw Error(prefix + ".bin: cannot write");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string cmd = argv[1];
  try {
    if (cmd == "eval")
      return eval(parse(
          argc, argv,
          {"model", "text", "backends", "threads", "ctx", "max-tokens", "json", "labels", "k"}));
    if (cmd == "generate")
      return generate(parse(argc, argv, {"model", "prompt", "tokens", "backend", "threads"}));
    if (cmd == "dump")
      return dump(parse(argc, argv, {"model", "text", "out", "ctx", "max-tokens", "threads"}));
    std::fprintf(stderr, "quake_models: unknown command '%s' (eval, generate, dump; --help)\n",
                 cmd.c_str());
    return 2;
  } catch (const std::exception& e) {  // Error, and bad_alloc on absurd sizes
    std::fprintf(stderr, "quake_models: %s\n", e.what());
    return 1;
  }
}
