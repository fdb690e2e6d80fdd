#include "weights.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <quake/half.hpp>
#include <sstream>
#include <type_traits>

namespace quake_models {

std::string one_line(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (u < 0x20 || u == 0x7F) {
      const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

template <class T>
T number(const nlohmann::json& v, const std::string& what) {
  using L = std::numeric_limits<T>;
  std::string shown = v.dump();
  if (shown.size() > 40) shown = shown.substr(0, 37) + "...";
  if constexpr (std::is_integral_v<T>) {
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(L::max())) return static_cast<T>(u);
    } else if (v.is_number_integer()) {
      const auto i = v.get<std::int64_t>();
      const bool low = L::is_signed ? i >= static_cast<std::int64_t>(L::min()) : i >= 0;
      if (low && (i < 0 || static_cast<std::uint64_t>(i) <= static_cast<std::uint64_t>(L::max())))
        return static_cast<T>(i);
    } else if (v.is_number_float()) {
      // In range when min <= d < 2^digits (both exact in double): the cast is then defined.
      const double d = v.get<double>();
      if (std::isfinite(d) && d == std::trunc(d) && d >= static_cast<double>(L::min()) &&
          d < std::ldexp(1.0, L::digits))
        return static_cast<T>(d);
    }
    throw Error(what + " is " + shown + ", not an integer in [" + std::to_string(L::min()) + ", " +
                std::to_string(L::max()) + "]");
  } else {
    static_assert(std::is_same_v<T, float>);
    if (v.is_number()) {
      const double d = v.get<double>();
      if (std::isfinite(d) && std::fabs(d) <= static_cast<double>(L::max()))
        return static_cast<float>(d);
    }
    throw Error(what + " is " + shown + ", not a finite float32");
  }
}

template <class T>
T number_or(const nlohmann::json& obj, const std::string& key, T fallback,
            const std::string& where) {
  if (!obj.is_object()) throw Error(where + "not a JSON object");
  const auto it = obj.find(key);
  return it == obj.end() ? fallback : number<T>(*it, where + key);
}

template int number(const nlohmann::json&, const std::string&);
template float number(const nlohmann::json&, const std::string&);
template std::int64_t number(const nlohmann::json&, const std::string&);
template std::uint64_t number(const nlohmann::json&, const std::string&);
template int number_or(const nlohmann::json&, const std::string&, int, const std::string&);
template float number_or(const nlohmann::json&, const std::string&, float, const std::string&);

Mapped::Mapped(const std::string& path) : path_(path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw Error(path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Error(path + ": not a regular file");
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ > 0) {
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      ::close(fd);
      throw Error(path + ": cannot map: " + std::strerror(errno));
    }
    data_ = static_cast<const std::uint8_t*>(p);
  }
  ::close(fd);
}

Mapped::~Mapped() {
  if (data_ != nullptr) ::munmap(const_cast<std::uint8_t*>(data_), size_);
}

const char* name(DType t) {
  switch (t) {
    case DType::f32:
      return "F32";
    case DType::f16:
      return "F16";
    case DType::bf16:
      return "BF16";
    case DType::q4_0:
      return "Q4_0";
    case DType::q4_1:
      return "Q4_1";
    case DType::q8_0:
      return "Q8_0";
  }
  return "?";
}

namespace {

constexpr std::size_t kBlock = 32;

std::size_t block_bytes(DType t) {
  switch (t) {
    case DType::q4_0:
      return 2 + 16;
    case DType::q4_1:
      return 4 + 16;
    case DType::q8_0:
      return 2 + 32;
    default:
      return 0;
  }
}

std::uint16_t u16(const std::uint8_t* p) {
  std::uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}
float half(const std::uint8_t* p) { return static_cast<float>(quake::float16::from_bits(u16(p))); }

}  // namespace

std::size_t Tensor::count() const {
  std::size_t n = 1;
  for (auto d : shape) n *= static_cast<std::size_t>(d);
  return n;
}

std::size_t storage_bytes(DType type, std::size_t count) {
  switch (type) {
    case DType::f32:
      return 4 * count;
    case DType::f16:
    case DType::bf16:
      return 2 * count;
    default:
      return count / kBlock * block_bytes(type);
  }
}

void to_float(DType type, const std::uint8_t* src, std::size_t count, float* out) {
  switch (type) {
    case DType::f32:
      std::memcpy(out, src, 4 * count);
      return;
    case DType::f16:
      for (std::size_t i = 0; i < count; ++i) out[i] = half(src + 2 * i);
      return;
    case DType::bf16:
      for (std::size_t i = 0; i < count; ++i)
        out[i] = static_cast<float>(quake::bfloat16::from_bits(u16(src + 2 * i)));
      return;
    default:
      break;
  }
  const std::size_t bb = block_bytes(type);
  for (std::size_t b = 0; b < count / kBlock; ++b, src += bb, out += kBlock) {
    const float d = half(src);
    if (type == DType::q8_0) {
      for (std::size_t j = 0; j < kBlock; ++j) out[j] = d * static_cast<std::int8_t>(src[2 + j]);
      continue;
    }
    // Q4_0 and Q4_1: element j in the low nibble of byte j, element j + 16 in its high nibble.
    const std::uint8_t* q = src + (type == DType::q4_1 ? 4 : 2);
    const float m = type == DType::q4_1 ? half(src + 2) : -8.0f * d;
    for (std::size_t j = 0; j < 16; ++j) {
      out[j] = d * static_cast<float>(q[j] & 0xF) + m;
      out[j + 16] = d * static_cast<float>(q[j] >> 4) + m;
    }
  }
}

const Tensor& Weights::at(const std::string& name) const {
  auto it = tensors_.find(name);
  if (it == tensors_.end()) throw Error(source_ + ": no tensor '" + name + "'");
  return it->second;
}

const nlohmann::json& Weights::meta(const std::string& key) const {
  auto it = meta_.find(key);
  if (it == meta_.end()) throw Error(source_ + ": no metadata key '" + key + "'");
  return *it;
}

std::vector<float> Weights::floats(const std::string& name,
                                   const std::vector<std::int64_t>& shape) const {
  const Tensor& t = at(name);
  if (t.shape != shape) {
    std::string got, want;
    for (auto d : t.shape) got += (got.empty() ? "" : "x") + std::to_string(d);
    for (auto d : shape) want += (want.empty() ? "" : "x") + std::to_string(d);
    throw Error(source_ + ": tensor '" + name + "' has shape " + got + ", expected " + want);
  }
  std::vector<float> out(t.count());
  to_float(t.type, t.data, out.size(), out.data());
  return out;
}

// ---- safetensors: u64 header length, a JSON header, then the data -----------------------------

Weights Weights::safetensors(const std::vector<std::string>& paths) {
  Weights w;
  for (const auto& path : paths) {
    auto file = std::make_shared<Mapped>(path);
    w.source_ = w.source_.empty() ? path : w.source_;
    const auto fail = [&](const std::string& why) {
      return Error(path + ": not a valid safetensors file (" + why + ")");
    };
    if (file->size() < 8) throw fail("shorter than its header length");
    std::uint64_t n;
    std::memcpy(&n, file->data(), 8);
    if (n > file->size() - 8) throw fail("header runs past the end of the file");
    nlohmann::json header;
    try {
      header = nlohmann::json::parse(file->data() + 8, file->data() + 8 + n);
    } catch (const nlohmann::json::exception&) {
      throw fail("header is not JSON");
    }
    if (!header.is_object()) throw fail("header is not a JSON object");
    const std::uint8_t* base = file->data() + 8 + n;
    const std::size_t avail = file->size() - 8 - n;
    for (auto& [key, v] : header.items()) {
      if (key == "__metadata__") continue;
      try {
        const std::string dt = v.at("dtype").get<std::string>();
        Tensor t;
        if (dt == "F32")
          t.type = DType::f32;
        else if (dt == "F16")
          t.type = DType::f16;
        else if (dt == "BF16")
          t.type = DType::bf16;
        else
          continue;  // integer buffers (position_ids): never weights
        std::size_t count = 1;
        for (const auto& d : v.at("shape")) {
          const auto e = number<std::int64_t>(d, path + ": tensor '" + key + "' shape");
          if (e < 0 || (e > 0 && count > (std::size_t{1} << 40) / static_cast<std::size_t>(e)))
            throw fail("tensor '" + key + "' has a bad shape");
          t.shape.push_back(e);
          count *= static_cast<std::size_t>(e);
        }
        const auto& offsets = v.at("data_offsets");
        const auto begin =
            number<std::uint64_t>(offsets.at(0), path + ": tensor '" + key + "' offset");
        const auto end =
            number<std::uint64_t>(offsets.at(1), path + ": tensor '" + key + "' offset");
        if (begin > end || end > avail || end - begin != storage_bytes(t.type, count))
          throw fail("tensor '" + key + "' lies outside the file or has the wrong size");
        t.data = base + begin;
        t.bytes = end - begin;
        w.tensors_[key] = t;
      } catch (const nlohmann::json::exception&) {
        throw fail("tensor '" + key + "' has a malformed entry");
      }
    }
    w.files_.push_back(file);
  }
  return w;
}

// ---- GGUF v2/v3 --------------------------------------------------------------------------------

namespace {

class Reader {
 public:
  Reader(const Mapped& f) : f_(f) {}
  std::size_t pos() const { return pos_; }
  const std::uint8_t* need(std::size_t n) {
    if (n > f_.size() - pos_) throw Error(f_.path() + ": truncated or corrupt GGUF file");
    const std::uint8_t* p = f_.data() + pos_;
    pos_ += n;
    return p;
  }
  template <class T>
  T get() {
    T v;
    std::memcpy(&v, need(sizeof(T)), sizeof(T));
    return v;
  }
  std::string str() {
    const auto n = get<std::uint64_t>();
    if (n > f_.size()) throw Error(f_.path() + ": truncated or corrupt GGUF file");
    const auto* p = need(static_cast<std::size_t>(n));
    return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
  }
  nlohmann::json value(std::uint32_t type, int depth = 0) {
    switch (type) {
      case 0:
        return get<std::uint8_t>();
      case 1:
        return get<std::int8_t>();
      case 2:
        return get<std::uint16_t>();
      case 3:
        return get<std::int16_t>();
      case 4:
        return get<std::uint32_t>();
      case 5:
        return get<std::int32_t>();
      case 6:
        return get<float>();
      case 7:
        return get<std::uint8_t>() != 0;
      case 8:
        return str();
      case 9: {
        const auto et = get<std::uint32_t>();
        const auto n = get<std::uint64_t>();
        if (depth > 2 || n > f_.size()) throw Error(f_.path() + ": corrupt GGUF metadata array");
        nlohmann::json a = nlohmann::json::array();
        for (std::uint64_t i = 0; i < n; ++i) a.push_back(value(et, depth + 1));
        return a;
      }
      case 10:
        return get<std::uint64_t>();
      case 11:
        return get<std::int64_t>();
      case 12:
        return get<double>();
      default:
        throw Error(f_.path() + ": unknown GGUF metadata type " + std::to_string(type));
    }
  }

 private:
  const Mapped& f_;
  std::size_t pos_ = 0;
};

}  // namespace

Weights Weights::gguf(const std::string& path) {
  Weights w;
  auto file = std::make_shared<Mapped>(path);
  w.source_ = path;
  Reader r(*file);
  if (file->size() < 4 || std::memcmp(file->data(), "GGUF", 4) != 0)
    throw Error(path + ": not a GGUF file (bad magic)");
  r.need(4);
  const auto version = r.get<std::uint32_t>();
  if (version != 2 && version != 3)
    throw Error(path + ": GGUF version " + std::to_string(version) + " (readable: 2, 3)");
  const auto n_tensors = r.get<std::uint64_t>();
  const auto n_kv = r.get<std::uint64_t>();
  if (n_tensors > file->size() / 24 || n_kv > file->size() / 12)
    throw Error(path + ": truncated or corrupt GGUF file");
  for (std::uint64_t i = 0; i < n_kv; ++i) {
    std::string key = r.str();
    const auto type = r.get<std::uint32_t>();
    w.meta_[key] = r.value(type);
  }
  struct Info {
    std::string name;
    Tensor t;
    std::uint64_t offset;
    std::uint32_t ggml_type;
  };
  std::vector<Info> infos;
  for (std::uint64_t i = 0; i < n_tensors; ++i) {
    Info info;
    info.name = r.str();
    const auto dims = r.get<std::uint32_t>();
    if (dims == 0 || dims > 4)
      throw Error(path + ": tensor '" + info.name + "' has " + std::to_string(dims) +
                  " dimensions");
    std::vector<std::int64_t> ne(dims);
    std::size_t count = 1;
    for (auto& d : ne) {
      const auto e = r.get<std::uint64_t>();
      if (e == 0 || count > (std::size_t{1} << 40) / e)
        throw Error(path + ": tensor '" + info.name + "' has a bad shape");
      d = static_cast<std::int64_t>(e);
      count *= static_cast<std::size_t>(e);
    }
    info.t.shape.assign(ne.rbegin(), ne.rend());
    info.ggml_type = r.get<std::uint32_t>();
    info.offset = r.get<std::uint64_t>();
    infos.push_back(std::move(info));
  }
  std::uint64_t align = 32;
  if (w.meta_.contains("general.alignment")) {
    align = number<std::uint64_t>(w.meta_["general.alignment"], path + ": general.alignment");
    if (align == 0 || (align & (align - 1)) != 0) throw Error(path + ": bad general.alignment");
  }
  const std::size_t data = (r.pos() + align - 1) / align * align;
  if (data > file->size()) throw Error(path + ": truncated or corrupt GGUF file");
  for (auto& info : infos) {
    switch (info.ggml_type) {
      case 0:
        info.t.type = DType::f32;
        break;
      case 1:
        info.t.type = DType::f16;
        break;
      case 2:
        info.t.type = DType::q4_0;
        break;
      case 3:
        info.t.type = DType::q4_1;
        break;
      case 8:
        info.t.type = DType::q8_0;
        break;
      case 30:
        info.t.type = DType::bf16;
        break;
      default:
        throw Error(path + ": tensor '" + info.name + "' has ggml type " +
                    std::to_string(info.ggml_type) +
                    " (readable: F32, F16, BF16, Q4_0, Q4_1, Q8_0)");
    }
    const std::size_t count = info.t.count();
    if (block_bytes(info.t.type) != 0 && count % kBlock != 0)
      throw Error(path + ": tensor '" + info.name + "' is not a whole number of blocks");
    info.t.bytes = storage_bytes(info.t.type, count);
    if (info.offset > file->size() - data || info.t.bytes > file->size() - data - info.offset)
      throw Error(path + ": tensor '" + info.name + "' runs past the end (truncated file?)");
    info.t.data = file->data() + data + info.offset;
    w.tensors_[info.name] = info.t;
  }
  w.files_.push_back(file);
  return w;
}

}  // namespace quake_models
