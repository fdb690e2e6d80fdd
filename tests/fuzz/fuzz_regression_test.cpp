// Replays the fuzzer's seed corpus and every input it ever failed on (tests/fuzz/regressions/)
// through the same contract checks, in the normal GoogleTest suite.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_input.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() != ".md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void replay(const fs::path& dir, std::size_t at_least) {
  const std::vector<fs::path> files = files_in(dir);
  EXPECT_GE(files.size(), at_least) << dir;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
    const std::string broken =
        quake_fuzz::check_input(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    EXPECT_EQ(broken, "") << f;
  }
}

// Every registry function (and row function's scaled form), type, order and placement
// (make_seeds.py): 20 seeds each.
TEST(Fuzz, SeedCorpus) {
  std::size_t ids = 0;
  quake::registry::for_each([&](auto tag) { ids += decltype(tag)::type::rows ? 2 : 1; });
  replay(fs::path(QUAKE_FUZZ_DIR) / "corpus", 20 * ids);
}

// One file per bug the fuzzer found (regressions/README.md lists them).
TEST(Fuzz, Regressions) { replay(fs::path(QUAKE_FUZZ_DIR) / "regressions", 1); }

}  // namespace
