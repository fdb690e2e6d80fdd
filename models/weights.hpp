// Weight files of the model runner: safetensors and GGUF v3, memory-mapped, tensors read as float.
//
// A reader checks every length and offset against the file before it touches the bytes: a
// truncated or corrupt file is an Error with one line saying what is wrong, never a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace quake_models {

/// `s` with its control characters written as escapes (\n, \t, \xNN): a name read from a file
/// can hold any bytes, and a message quoting it must stay one line.
std::string one_line(const std::string& s);

/// Every failure the runner reports: a one-line message for the user (one_line of what it is
/// given, whatever a file put into it).
struct Error : std::runtime_error {
  explicit Error(const std::string& what) : std::runtime_error(one_line(what)) {}
};

/// A number read from a file's JSON (config.json, tokenizer.json, a safetensors header, GGUF
/// metadata) as T, checked: for an integral T an integer, or a float with an integral value, in
/// T's range; for float a finite number in float's range. Otherwise an Error "`what` is <value>,
/// not ..." (nlohmann's get<T> converts an out-of-range float with undefined behaviour, and wraps
/// a negative integer into an unsigned type).
template <class T>
T number(const nlohmann::json& v, const std::string& what);
/// obj[key] read by number<T>, or `fallback` where obj has no such key.
template <class T>
T number_or(const nlohmann::json& obj, const std::string& key, T fallback,
            const std::string& where);

/// A whole (small) file's bytes: texts, vocabularies, JSON; an Error when it cannot be read.
std::string read_file(const std::string& path);

/// A read-only memory map of a whole file.
class Mapped {
 public:
  explicit Mapped(const std::string& path);
  ~Mapped();
  Mapped(const Mapped&) = delete;
  Mapped& operator=(const Mapped&) = delete;
  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

/// Element types the readers understand: plain floats and GGUF's 32-element blocks.
enum class DType { f32, f16, bf16, q4_0, q4_1, q8_0 };
const char* name(DType t);

/// One tensor inside a mapped file. shape is outermost first (row-major), as safetensors writes
/// it; a GGUF tensor's ne[] is reversed into this order.
struct Tensor {
  DType type = DType::f32;
  std::vector<std::int64_t> shape;
  const std::uint8_t* data = nullptr;
  std::size_t bytes = 0;
  std::size_t count() const;
};

/// Bytes that `count` elements of `type` take (count a multiple of 32 for the block types).
std::size_t storage_bytes(DType type, std::size_t count);

/// Converts `count` elements of `type` at `src` to float (the block types dequantised as ggml
/// defines them: Q4_0 d (q - 8), Q4_1 d q + m, Q8_0 d q, with d and m in fp16).
void to_float(DType type, const std::uint8_t* src, std::size_t count, float* out);

/// The tensors of one model: one GGUF file, or one or more safetensors files.
class Weights {
 public:
  static Weights safetensors(const std::vector<std::string>& paths);
  static Weights gguf(const std::string& path);

  bool has(const std::string& name) const { return tensors_.count(name) != 0; }
  const Tensor& at(const std::string& name) const;
  /// The tensor as floats; its shape must be `shape` (outermost first), else an Error.
  std::vector<float> floats(const std::string& name, const std::vector<std::int64_t>& shape) const;
  /// GGUF metadata, key -> value (arrays as JSON arrays); empty for safetensors.
  const nlohmann::json& meta() const { return meta_; }
  /// A GGUF metadata value, or an Error naming the missing key.
  const nlohmann::json& meta(const std::string& key) const;
  const std::map<std::string, Tensor>& tensors() const { return tensors_; }
  const std::string& source() const { return source_; }

 private:
  std::vector<std::shared_ptr<Mapped>> files_;
  std::map<std::string, Tensor> tensors_;
  nlohmann::json meta_ = nlohmann::json::object();
  std::string source_;
};

}  // namespace quake_models
