// Writes every fuzz target's seed corpus: quake_models_fuzz_seeds DIR makes DIR/<target>/seed-N.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "targets.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  namespace fs = std::filesystem;
  for (const auto& t : quake_models::fuzz::targets()) {
    const fs::path dir = fs::path(argv[1]) / t.name;
    fs::create_directories(dir);
    const auto seeds = t.seeds();
    for (std::size_t i = 0; i < seeds.size(); ++i) {
      std::ofstream f(dir / ("seed-" + std::to_string(i)), std::ios::binary);
      f.write(reinterpret_cast<const char*>(seeds[i].data()),
              static_cast<std::streamsize>(seeds[i].size()));
      if (!f) {
        std::fprintf(stderr, "%s: cannot write\n", (dir / std::to_string(i)).c_str());
        return 1;
      }
    }
    std::printf("%s: %zu seeds (%s)\n", t.name, seeds.size(), t.input);
  }
  return 0;
}
