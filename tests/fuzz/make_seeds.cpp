// Writes the fuzzer's seed corpus (seeds.hpp) into a directory: the files that are missing
// there (a new function's), leaving existing ones as they are. After adding a function:
//   build/test/tests/fuzz/quake_fuzz_seeds tests/fuzz/corpus
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "seeds.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  int written = 0;
  for (const auto& [name, bytes] : quake_fuzz::seeds::all()) {
    const auto path = dir / name;
    if (std::filesystem::exists(path)) continue;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    ++written;
  }
  std::printf("wrote %d new seeds to %s\n", written, dir.c_str());
  return 0;
}
