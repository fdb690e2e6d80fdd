// Replays the fuzzer's seed corpus and every input it ever failed on (tests/fuzz/regressions/)
// through the same contract checks, in the normal GoogleTest suite.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "seeds.hpp"

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
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
    EXPECT_TRUE(quake_fuzz::names_function(data, bytes.size()))
        << f << " names no function (or is too short for a header): it checks nothing";
    EXPECT_EQ(quake_fuzz::check_input(data, bytes.size()), "") << f;
  }
}

// Every seed of seeds.hpp -- every registry function (and row function's scaled form), type
// (16-bit ones included), order and placement -- is in the corpus with exactly its bytes, and
// every corpus file holds its contract.
TEST(Fuzz, SeedCorpus) {
  const fs::path dir = fs::path(QUAKE_FUZZ_DIR) / "corpus";
  const auto seeds = quake_fuzz::seeds::all();
  for (const auto& [name, bytes] : seeds) {
    std::ifstream in(dir / name, std::ios::binary);
    ASSERT_TRUE(in) << name << " is missing: run quake_fuzz_seeds " << dir;
    const std::vector<char> have((std::istreambuf_iterator<char>(in)), {});
    EXPECT_TRUE(
        have.size() == bytes.size() &&
        std::equal(have.begin(), have.end(), bytes.begin(),
                   [](char a, std::uint8_t b) { return static_cast<std::uint8_t>(a) == b; }))
        << name << " differs from seeds.hpp's (a committed seed never changes)";
  }
  replay(dir, seeds.size());
}

// The replay's own check: an input whose id no function has (or with no header) is told apart.
TEST(Fuzz, InputsThatNameNoFunctionAreTold) {
  const std::uint8_t exp_float[] = {0x00, 0, 0};     // id 0: exp, float
  const std::uint8_t unknown[] = {0xE0, 0, 0, 200};  // id 7 + 200 (16-bit id 143): none
  const std::uint8_t short_header[] = {0x00, 0};
  EXPECT_TRUE(quake_fuzz::names_function(exp_float, sizeof exp_float));
  EXPECT_FALSE(quake_fuzz::names_function(unknown, sizeof unknown));
  EXPECT_FALSE(quake_fuzz::names_function(short_header, sizeof short_header));
  EXPECT_EQ(quake_fuzz::check_input(unknown, sizeof unknown), "");
}

// One file per bug the fuzzer found, each with its row in regressions/README.md (so a file that
// lands there by accident, a fuzzer's corpus say, fails here instead of passing as a regression).
TEST(Fuzz, Regressions) {
  const fs::path dir = fs::path(QUAKE_FUZZ_DIR) / "regressions";
  std::ifstream readme(dir / "README.md");
  ASSERT_TRUE(readme) << dir / "README.md";
  const std::string table((std::istreambuf_iterator<char>(readme)), {});
  for (const auto& f : files_in(dir)) {
    EXPECT_NE(table.find("| `" + f.filename().string() + "` |"), std::string::npos)
        << f << " has no row in regressions/README.md: say what it broke, or remove it";
  }
  replay(dir, 7);
}

}  // namespace
