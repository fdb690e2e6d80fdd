#include "tokenizer.hpp"

#include <algorithm>
#include <climits>

#include "weights.hpp"

namespace quake_models {

std::vector<std::uint32_t> utf8_decode(const std::string& s, std::vector<std::size_t>* starts) {
  std::vector<std::uint32_t> out;
  out.reserve(s.size());
  if (starts) starts->clear();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned c = p[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    std::uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    bool ok = len > 0 && i + len <= n;
    for (int k = 1; ok && k < len; ++k) {
      ok = (p[i + k] & 0xC0) == 0x80;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (starts) starts->push_back(i);
    if (!ok) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += len;
  }
  if (starts) starts->push_back(n);
  return out;
}

void utf8_append(std::string& s, std::uint32_t cp) {
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

namespace {

bool is_space(std::uint32_t c) {
  return c == ' ' || (c >= 9 && c <= 13) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}
bool is_control(std::uint32_t c) {
  return (c < 32 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c < 0xA0) || c == 0xAD ||
         (c >= 0x200B && c <= 0x200F) || c == 0xFEFF;
}
bool is_punct(std::uint32_t c) {
  if (c < 0x80)
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
           (c >= 123 && c <= 126);
  return c == 0xA1 || c == 0xA7 || c == 0xAB || c == 0xB6 || c == 0xB7 || c == 0xBB || c == 0xBF ||
         (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) ||
         (c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011);
}
bool is_number(std::uint32_t c) {
  return (c >= '0' && c <= '9') || c == 0xB2 || c == 0xB3 || c == 0xB9 || (c >= 0xBC && c <= 0xBE);
}
bool is_symbol(std::uint32_t c) {  // not a letter, number, space or punctuation above 0x7F
  return (c >= 0xA2 && c <= 0xBF && c != 0xAA && c != 0xB5 && c != 0xBA) || c == 0xD7 ||
         c == 0xF7 || (c >= 0x2010 && c <= 0x2BFF) || (c >= 0x3001 && c <= 0x303F) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0x1F000 && c <= 0x1FAFF);
}
bool is_letter(std::uint32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return !is_space(c) && !is_control(c) && !is_number(c) && !is_symbol(c) && !is_punct(c) &&
         !(c >= 0x300 && c <= 0x36F);
}
bool is_cjk(std::uint32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x2F800 && c <= 0x2FA1F);
}

/// Lower case and accent stripping for the Latin-1 letters (BERT uncased: NFD, drop marks).
std::uint32_t lower_plain(std::uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) c += 32;
  if (c >= 0x391 && c <= 0x3A9) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  // U+00E0..U+00FF, one letter each: the base letter of a decomposable one, '?' for those NFD
  // leaves alone (ae, eth, division sign, o with stroke, thorn).
  static constexpr char latin1[] = "aaaaaa?ceeeeiiii?nooooo??uuuuy?y";
  static_assert(sizeof latin1 == 0x100 - 0xE0 + 1, "one letter per code point U+00E0..U+00FF");
  if (c >= 0xE0 && c <= 0xFF) {
    const char b = latin1[c - 0xE0];
    if (b != '?') return static_cast<std::uint32_t>(b);
  }
  return c;
}

}  // namespace

// ---- WordPiece ----------------------------------------------------------------------------------

std::vector<std::string> text_lines(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string line(text.substr(0, nl));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(std::move(line));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

WordPiece WordPiece::from_lines(const std::vector<std::string>& vocab) {
  WordPiece w;
  for (std::size_t i = 0; i < vocab.size(); ++i)
    w.vocab_.emplace(vocab[i], static_cast<std::int32_t>(i));
  w.finish();
  return w;
}

WordPiece WordPiece::from_map(const std::unordered_map<std::string, std::int32_t>& vocab) {
  WordPiece w;
  w.vocab_ = vocab;
  w.finish();
  return w;
}

void WordPiece::finish() {
  cls_ = id("[CLS]");
  sep_ = id("[SEP]");
  unk_ = id("[UNK]");
  if (cls_ < 0 || sep_ < 0 || unk_ < 0)
    throw Error("WordPiece vocabulary lacks [CLS], [SEP] or [UNK]");
}

std::int32_t WordPiece::id(const std::string& token) const {
  auto it = vocab_.find(token);
  return it == vocab_.end() ? -1 : it->second;
}

std::vector<std::int32_t> WordPiece::encode(const std::string& text, std::size_t max_tokens) const {
  // Basic tokenizer: words of lower-cased, accent-free code points; punctuation and CJK
  // characters are words of their own.
  std::vector<std::vector<std::uint32_t>> words(1);
  const auto cut = [&] {
    if (!words.back().empty()) words.emplace_back();
  };
  for (std::uint32_t c : utf8_decode(text)) {
    if (c == 0 || c == 0xFFFD || is_control(c) || (c >= 0x300 && c <= 0x36F)) continue;
    if (is_space(c)) {
      cut();
    } else if (is_punct(c) || is_cjk(c)) {
      cut();
      words.back().push_back(c);
      cut();
    } else {
      words.back().push_back(lower_plain(c));
    }
  }
  std::vector<std::int32_t> ids{cls_};
  const std::size_t limit = std::max<std::size_t>(max_tokens, 2) - 1;  // room for [SEP]
  for (const auto& w : words) {
    if (w.empty()) continue;
    std::vector<std::int32_t> pieces;
    if (w.size() > 100) {
      pieces.push_back(unk_);
    } else {
      for (std::size_t start = 0; start < w.size();) {
        std::int32_t found = -1;
        std::size_t end = w.size();
        for (; end > start; --end) {
          std::string s = start > 0 ? "##" : "";
          for (std::size_t k = start; k < end; ++k) utf8_append(s, w[k]);
          if ((found = id(s)) >= 0) break;
        }
        if (found < 0) {
          pieces.assign(1, unk_);
          break;
        }
        pieces.push_back(found);
        start = end;
      }
    }
    for (auto p : pieces) {
      if (ids.size() >= limit) break;
      ids.push_back(p);
    }
    if (ids.size() >= limit) break;
  }
  ids.push_back(sep_);
  return ids;
}

// ---- byte-level BPE -----------------------------------------------------------------------------

BytePairEncoder::BytePairEncoder(std::vector<std::string> tokens,
                                 const std::vector<std::string>& merges, bool split_digits)
    : tokens_(std::move(tokens)), split_digits_(split_digits) {
  for (std::size_t i = 0; i < tokens_.size(); ++i)
    ids_.emplace(tokens_[i], static_cast<std::int32_t>(i));
  for (std::size_t i = 0; i < merges.size(); ++i) {
    const auto sp = merges[i].find(' ');
    if (sp == std::string::npos) throw Error("BPE merge without a space: '" + merges[i] + "'");
    ranks_.emplace(std::make_pair(merges[i].substr(0, sp), merges[i].substr(sp + 1)),
                   static_cast<int>(i));
  }
  // GPT-2's printable stand-ins for bytes: printable Latin-1 bytes stand for themselves, the
  // others for U+0100 and on, in byte order.
  std::uint32_t next = 256;
  for (int b = 0; b < 256; ++b) {
    const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
    const std::uint32_t cp = printable ? static_cast<std::uint32_t>(b) : next++;
    utf8_append(byte_to_utf8_[b], cp);
    cp_to_byte_[cp] = static_cast<std::uint8_t>(b);
  }
}

void BytePairEncoder::encode_piece(const std::string& piece, std::vector<std::int32_t>& out) const {
  auto hit = cache_.find(piece);
  if (hit != cache_.end()) {
    out.insert(out.end(), hit->second.begin(), hit->second.end());
    return;
  }
  const std::size_t first = out.size();
  std::vector<std::string> sym;
  for (unsigned char b : piece) sym.push_back(byte_to_utf8_[b]);
  while (sym.size() > 1) {
    int best = INT_MAX;
    std::size_t at = 0;
    for (std::size_t i = 0; i + 1 < sym.size(); ++i) {
      auto it = ranks_.find({sym[i], sym[i + 1]});
      if (it != ranks_.end() && it->second < best) {
        best = it->second;
        at = i;
      }
    }
    if (best == INT_MAX) break;
    const std::string a = sym[at], b = sym[at + 1];
    std::vector<std::string> merged;
    for (std::size_t i = 0; i < sym.size(); ++i) {
      if (i + 1 < sym.size() && sym[i] == a && sym[i + 1] == b) {
        merged.push_back(a + b);
        ++i;
      } else {
        merged.push_back(sym[i]);
      }
    }
    sym.swap(merged);
  }
  for (const auto& s : sym) {
    auto it = ids_.find(s);
    if (it != ids_.end()) {
      out.push_back(it->second);
      continue;
    }
    for (std::uint32_t cp : utf8_decode(s)) {  // a symbol the vocabulary lacks: its bytes
      std::string one;
      utf8_append(one, cp);
      auto bt = ids_.find(one);
      if (bt == ids_.end()) throw Error("BPE vocabulary lacks the token of a byte");
      out.push_back(bt->second);
    }
  }
  cache_.emplace(piece, std::vector<std::int32_t>(out.begin() + static_cast<std::ptrdiff_t>(first),
                                                  out.end()));
}

std::vector<std::int32_t> BytePairEncoder::encode(const std::string& text) const {
  std::vector<std::int32_t> out;
  // Code points for the pre-tokenizer, and where each starts in the text: pieces are byte
  // ranges of the text, so bytes that are not UTF-8 survive (byte-level BPE encodes any bytes).
  std::vector<std::size_t> at;
  const std::vector<std::uint32_t> cps = utf8_decode(text, &at);
  const auto emit = [&](std::size_t b, std::size_t e) {
    if (e > b) encode_piece(text.substr(at[b], at[e] - at[b]), out);
  };
  // GPT-2's pattern: 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
  // on each segment between digits (split_digits) or on the whole text.
  const auto scan = [&](std::size_t b, std::size_t e) {
    std::size_t i = b;
    while (i < e) {
      const std::uint32_t c = cps[i];
      if (c == '\'' && i + 1 < e) {
        const std::uint32_t c1 = cps[i + 1], c2 = i + 2 < e ? cps[i + 2] : 0;
        std::size_t len = 0;
        if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') len = 2;
        if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l'))
          len = 3;
        if (len != 0) {
          emit(i, i + len);
          i += len;
          continue;
        }
      }
      std::size_t j = i;
      if (c == ' ' && i + 1 < e && !is_space(cps[i + 1])) j = i + 1;
      const std::uint32_t h = cps[j];
      if (!is_space(h)) {
        std::size_t k = j + 1;
        if (is_letter(h)) {
          while (k < e && is_letter(cps[k])) ++k;
        } else if (is_number(h)) {
          while (k < e && is_number(cps[k])) ++k;
        } else {
          while (k < e && !is_space(cps[k]) && !is_letter(cps[k]) && !is_number(cps[k])) ++k;
        }
        emit(i, k);
        i = k;
        continue;
      }
      std::size_t k = i;
      while (k < e && is_space(cps[k])) ++k;
      if (k == e) {
        emit(i, k);
        i = k;
      } else if (k - i > 1) {
        emit(i, k - 1);  // leave the last one for the next piece (or a piece of its own)
        i = k - 1;
      } else {
        emit(i, k);  // one whitespace that is not a space before a non-space
        i = k;
      }
    }
  };
  std::size_t seg = 0;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (split_digits_ && cps[i] >= '0' && cps[i] <= '9') {
      scan(seg, i);
      emit(i, i + 1);
      seg = i + 1;
    }
  }
  scan(seg, cps.size());
  return out;
}

std::string BytePairEncoder::decode(const std::vector<std::int32_t>& ids) const {
  std::string out;
  for (auto id : ids) {
    if (id < 0 || static_cast<std::size_t>(id) >= tokens_.size()) continue;
    for (std::uint32_t cp : utf8_decode(tokens_[static_cast<std::size_t>(id)])) {
      auto it = cp_to_byte_.find(cp);
      if (it != cp_to_byte_.end()) {
        out += static_cast<char>(it->second);
      } else {
        utf8_append(out, cp);
      }
    }
  }
  return out;
}

}  // namespace quake_models
