// Tokenizers of the model runner: BERT's WordPiece and GPT-2's byte-level BPE.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace quake_models {

/// The lines of a text file's contents (vocab.txt, merges.txt): split at '\n', a trailing '\r'
/// dropped from each, no empty line after a final '\n'.
std::vector<std::string> text_lines(std::string_view text);

/// BERT's tokenizer (uncased): clean, lower-case, strip Latin accents, split on whitespace and
/// punctuation, then greedy longest-match WordPiece with "##" continuations. encode() adds
/// [CLS] and [SEP] and keeps at most max_tokens ids in all.
/// Limits: accents are stripped for Latin-1 and Latin Extended-A letters only (no Unicode
/// tables); Chinese characters are split one per token as BERT does.
class WordPiece {
 public:
  /// vocab: one token per line (vocab.txt), the id its line number.
  static WordPiece from_lines(const std::vector<std::string>& vocab);
  static WordPiece from_map(const std::unordered_map<std::string, std::int32_t>& vocab);
  std::vector<std::int32_t> encode(const std::string& text, std::size_t max_tokens) const;
  std::int32_t id(const std::string& token) const;  // -1 when absent

 private:
  void finish();
  std::unordered_map<std::string, std::int32_t> vocab_;
  std::int32_t cls_ = -1, sep_ = -1, unk_ = -1;
};

/// GPT-2's byte-level BPE (Llama-family GGUF files with tokenizer.ggml.model "gpt2"): bytes map
/// to printable code points, a pre-tokenizer splits the text (GPT-2's pattern; with
/// `split_digits`, every digit is a piece of its own, as SmolLM's tokenizer does), and the
/// merges apply by rank within each piece. Special tokens in the text are not parsed: text is
/// text.
class BytePairEncoder {
 public:
  BytePairEncoder(std::vector<std::string> tokens, const std::vector<std::string>& merges,
                  bool split_digits);
  std::vector<std::int32_t> encode(const std::string& text) const;
  std::string decode(const std::vector<std::int32_t>& ids) const;
  std::size_t size() const { return tokens_.size(); }

 private:
  void encode_piece(const std::string& piece, std::vector<std::int32_t>& out) const;
  std::vector<std::string> tokens_;
  std::unordered_map<std::string, std::int32_t> ids_;
  std::map<std::pair<std::string, std::string>, int> ranks_;
  std::string byte_to_utf8_[256];
  std::unordered_map<std::uint32_t, std::uint8_t> cp_to_byte_;
  bool split_digits_;
  mutable std::unordered_map<std::string, std::vector<std::int32_t>> cache_;  // piece -> ids
};

/// UTF-8 helpers (invalid bytes decode as U+FFFD, one per byte). With `starts`, also the byte
/// offset where each code point begins, and s.size() after the last.
std::vector<std::uint32_t> utf8_decode(const std::string& s,
                                       std::vector<std::size_t>* starts = nullptr);
void utf8_append(std::string& s, std::uint32_t cp);

}  // namespace quake_models
