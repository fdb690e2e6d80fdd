#include "targets.hpp"

#include <unistd.h>

#include <exception>
#include <filesystem>
#include <string_view>

#include "../tests/files.hpp"
#include "model.hpp"
#include "nonlinear.hpp"
#include "tokenizer.hpp"
#include "weights.hpp"

namespace quake_models::fuzz {

namespace {

namespace fs = std::filesystem;
using bytes = std::vector<std::uint8_t>;

/// This process's scratch directory (the loaders read files; the input is written there).
const fs::path& scratch() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("quake_models_fuzz_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

/// The input cut at its first `parts - 1` NUL bytes (the last part keeps any further NULs).
std::vector<std::string_view> split(const std::uint8_t* data, std::size_t size, int parts) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> out;
  for (int i = 0; i + 1 < parts; ++i) {
    const auto nul = rest.find('\0');
    if (nul == std::string_view::npos) break;
    out.push_back(rest.substr(0, nul));
    rest.remove_prefix(nul + 1);
  }
  out.push_back(rest);
  while (out.size() < static_cast<std::size_t>(parts)) out.emplace_back();
  return out;
}

bytes joined(const std::vector<std::string_view>& parts) {
  bytes out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out.push_back(0);
    out.insert(out.end(), parts[i].begin(), parts[i].end());
  }
  return out;
}
std::string_view view(const bytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

/// Runs `body`; a quake_models::Error of one line is a rejection, any other exception (or an
/// Error of several lines) a broken contract.
template <class Body>
Outcome guarded(Body body) {
  Outcome o;
  try {
    o.broken = body();
    o.loaded = true;
  } catch (const Error& e) {
    if (std::string_view(e.what()).find('\n') != std::string_view::npos)
      o.broken = std::string("an error of more than one line: ") + e.what();
  } catch (const std::exception& e) {
    o.broken = std::string("an exception other than Error escaped: ") + e.what();
  }
  return o;
}

/// A loaded model, used: a short text tokenized, run through it, and detokenized.
std::string use(const Model& m) {
  const auto ids = m.tokenize("The cat sat on 12 mats, didn't it?", 6);
  if (ids.size() > 6) return "tokenize kept more than max_tokens ids";
  if (ids.empty()) return "";
  Nonlinear nl("quake2");
  if (m.is_encoder()) {
    if (m.embed(ids, nl).empty()) return "an empty embedding";
  } else {
    if (m.log_probs(ids, nl).size() != ids.size() * m.vocab()) return "log_probs' size";
    m.detokenize(ids);
  }
  return "";
}

// ---- GGUF: a model file ------------------------------------------------------------------------

Outcome run_gguf(const std::uint8_t* data, std::size_t size) {
  const fs::path p = scratch() / "model.gguf";
  files::write(p, bytes(data, data + size));
  Outcome reader = guarded([&] {
    const Weights w = Weights::gguf(p.string());
    for (const auto& [name, t] : w.tensors()) w.floats(name, t.shape);
    return std::string();
  });
  if (!reader.broken.empty()) return reader;
  return guarded([&] { return use(*load_model(p.string())); });
}

std::vector<bytes> seeds_gguf() { return {files::tiny_llama()}; }

// ---- a Hugging Face directory: config.json NUL vocab.txt or tokenizer.json NUL safetensors
// -------

Outcome run_hf(const std::uint8_t* data, std::size_t size) {
  const auto parts = split(data, size, 3);
  const fs::path dir = scratch() / "hf";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto put = [&](const char* name, std::string_view b) {
    if (!b.empty()) files::write(dir / name, bytes(b.begin(), b.end()));
  };
  put("config.json", parts[0]);
  put(!parts[1].empty() && parts[1][0] == '{' ? "tokenizer.json" : "vocab.txt", parts[1]);
  put("model.safetensors", parts[2]);
  return guarded([&] { return use(*load_model(dir.string())); });
}

std::vector<bytes> seeds_hf() {
  auto bert = files::tiny_bert();
  files::json vocab = files::json::object();
  const auto words = text_lines(view(bert["vocab.txt"]));
  for (std::size_t i = 0; i < words.size(); ++i) vocab[words[i]] = i;
  const std::string tokenizer =
      files::json({{"model", {{"type", "WordPiece"}, {"vocab", vocab}}}}).dump();
  return {
      joined({view(bert["config.json"]), view(bert["vocab.txt"]), view(bert["model.safetensors"])}),
      joined({view(bert["config.json"]), tokenizer, view(bert["model.safetensors"])})};
}

// ---- WordPiece: vocab.txt NUL text -------------------------------------------------------------

Outcome run_wordpiece(const std::uint8_t* data, std::size_t size) {
  const auto parts = split(data, size, 2);
  return guarded([&] {
    const auto vocab = text_lines(parts[0]);
    const WordPiece wp = WordPiece::from_lines(vocab);
    const std::size_t max = 2 + size % 61;
    const auto ids = wp.encode(std::string(parts[1]), max);
    if (ids.size() < 2 || ids.size() > max) return std::string("encode's length");
    if (ids.front() != wp.id("[CLS]") || ids.back() != wp.id("[SEP]"))
      return std::string("encode lacks [CLS] ... [SEP]");
    for (auto id : ids)
      if (id < 0 || static_cast<std::size_t>(id) >= vocab.size())
        return std::string("an id outside the vocabulary");
    return std::string();
  });
}

std::vector<bytes> seeds_wordpiece() {
  const std::string vocab =
      "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n,\nworld\n!\nun\n##aff\n##able\n"
      "cafe\nnaive\n\xe4\xb8\xad\na\nb\n";
  const std::string text = "Hello, WORLD!  unaffable\tCaf\xc3\xa9 na\xc3\xafve \xe4\xb8\xadx";
  return {joined({vocab, text}), joined({vocab, "a b a b a"})};
}

// ---- byte-level BPE: a flag byte (odd: split digits), tokens NUL merges NUL text ---------------

Outcome run_bpe(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return {};
  const bool digits = (data[0] & 1) != 0;
  const auto parts = split(data + 1, size - 1, 3);
  return guarded([&] {
    const BytePairEncoder bpe(text_lines(parts[0]), text_lines(parts[1]), digits);
    const std::string text(parts[2]);
    const auto ids = bpe.encode(text);
    for (auto id : ids)
      if (id < 0 || static_cast<std::size_t>(id) >= bpe.size())
        return std::string("an id outside the vocabulary");
    // Byte-level: whatever was encoded decodes to the same bytes.
    if (bpe.decode(ids) != text) return std::string("decode(encode(text)) != text");
    return std::string();
  });
}

std::vector<bytes> seeds_bpe() {
  std::string tokens;  // no byte symbol's UTF-8 holds a '\n' or a NUL
  for (const auto& s : files::byte_symbols()) tokens += s + "\n";
  tokens += "\xc4\xa0t\nhe\n\xc4\xa0the\nca\ncat\n12\n's\n";
  const std::string merges = "\xc4\xa0 t\nh e\n\xc4\xa0t he\nc a\nca t\n1 2\n' s";
  return {joined({std::string(1, '\0') + tokens, merges, "the cat's 123 hats"}),
          joined({"\x01" + tokens, merges, "12 cats\tand 3\n"})};
}

}  // namespace

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {
      {"gguf", "a GGUF file", run_gguf, seeds_gguf},
      {"hf", "config.json NUL vocab.txt or tokenizer.json NUL model.safetensors", run_hf, seeds_hf},
      {"wordpiece", "vocab.txt NUL text", run_wordpiece, seeds_wordpiece},
      {"bpe", "a flag byte, tokens NUL merges NUL text (one per line)", run_bpe, seeds_bpe},
  };
  return all;
}

const Target* find(const std::string& name) {
  for (const auto& t : targets())
    if (name == t.name) return &t;
  return nullptr;
}

}  // namespace quake_models::fuzz
