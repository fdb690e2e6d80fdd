// The model runner's fuzz targets: each parses one kind of file users download (a GGUF model, a
// Hugging Face directory's config and safetensors, a WordPiece vocabulary, a byte-level BPE
// vocabulary) and uses what it loaded. The libFuzzer programs (`fuzz` preset) and the unit
// suite's replay (models_test) run the same functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace quake_models::fuzz {

/// What one input did: `broken` says which contract it broke ("" when none); `loaded` whether
/// the file was accepted (a rejection, an Error of one line, is the contract for a bad file).
struct Outcome {
  std::string broken;
  bool loaded = false;
};

/// One target: its name (the fuzzer is quake_models_fuzz_<name>), what its input is, the
/// function, and a seed corpus of small valid inputs, each of which loads.
struct Target {
  const char* name;
  const char* input;
  Outcome (*run)(const std::uint8_t* data, std::size_t size);
  std::vector<std::vector<std::uint8_t>> (*seeds)();
};

/// Every target, in a fixed order.
const std::vector<Target>& targets();

/// The target named `name`, or nullptr.
const Target* find(const std::string& name);

}  // namespace quake_models::fuzz
