// Prints the tables of README.md and docs/accuracy.md that come from the registry
// (include/quake/registry.hpp) -- bounds and edge rules -- and checks or rewrites the copies in
// those files, so the documented figures are the code's.
//
//   quake_registry_tables                      print every table
//   quake_registry_tables --check FILE...      fail where a file's copy differs from the registry
//   quake_registry_tables --write FILE...      rewrite the copies
//
// A copy is the text between `<!-- registry:NAME -->` and `<!-- /registry:NAME -->`.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <quake/quake.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

/// "3.08e-2" style: three significant digits, C's exponent without its padding.
std::string sci(double v) {
  std::string s = fmt("%.2e", v);
  const auto e = s.find('e');
  std::string mant = s.substr(0, e), ex = s.substr(e + 1);
  const char sign = ex[0];
  ex = ex.substr(1);
  while (ex.size() > 1 && ex[0] == '0') ex = ex.substr(1);
  return mant + "e" + (sign == '-' ? "-" : "") + ex;
}

/// The bound as a formula in its measure: "B + 2u, relative", "(B + 4u) abs(x) + smallest
/// subnormal", "..., per element".
template <class F>
std::string bound_formula() {
  const std::string b = F::bound_text;
  if constexpr (F::rows) {
    return b + ", per element";
  } else {
    return F::error == quake::measure::relative ? b + ", relative"
                                                : "(" + b + ") abs(x) + smallest subnormal";
  }
}

template <class F, class T>
std::string values() {
  std::string s;
  quake::registry::for_each_order([&](auto order) {
    constexpr int N = decltype(order)::value;
    s += (N == 1 ? "" : " / ") + sci(quake::bound<F, N, T>);
  });
  return s;
}

std::string api_table() {
  std::string s =
      "| function | computes | error bound | float, orders 1 / 2 / 3 / 4 / 5 (rows: the 2.2 B "
      "term) |\n"
      "|---|---|---|---|\n";
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    s += std::string("| `") + F::name + "` | " + F::summary + " | " + bound_formula<F>() + " | " +
         values<F, float>() + " |\n";
  });
  return s;
}

std::string bounds_table() {
  std::string s =
      "| function | bound | type | orders 1 / 2 / 3 / 4 / 5 (rows: the 2.2 B term) |\n"
      "|---|---|---|---|\n";
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    s += std::string("| `") + F::name + "` | " + bound_formula<F>() + " | float | " +
         values<F, float>() + " |\n";
    s += std::string("| | | double | ") + values<F, double>() + " |\n";
  });
  return s;
}

/// The shortest decimal that reads back as v.
template <class T>
std::string show(T v) {
  if (std::isinf(v)) return v > 0 ? "+inf" : "-inf";
  if (v == 0) return std::signbit(v) ? "-0" : "+0";
  char b[64];
  const auto r = std::to_chars(b, b + sizeof b, v);
  return std::string(b, r.ptr);
}

template <class T>
std::string interval(const quake::edge<T>& e) {
  if (e.lo == 0 && e.hi == 0) return "x = ±0";
  if (e.lo == e.hi) return "x = " + show(e.lo);
  if (std::isinf(e.lo)) return std::string("x ") + (e.hi_open ? "< " : "<= ") + show(e.hi);
  if (std::isinf(e.hi)) return std::string("x ") + (e.lo_open ? "> " : ">= ") + show(e.lo);
  return show(e.lo) + (e.lo_open ? " < x " : " <= x ") + (e.hi_open ? "< " : "<= ") + show(e.hi);
}

template <class T>
std::string result(const quake::edge<T>& e) {
  switch (e.kind) {
    case quake::edge<T>::exactly:
      return "exactly " + show(e.a);
    case quake::edge<T>::between:
      if (e.b == std::numeric_limits<T>::min() - std::numeric_limits<T>::denorm_min()) {
        return "in [" + show(e.a) + ", smallest normal)";
      }
      return "in [" + show(e.a) + ", " + show(e.b) + "]";
    case quake::edge<T>::identity:
      return "x";
  }
  return "";
}

std::string edges_table() {
  std::string s =
      "| function | orders | inputs (float) | result | inputs (double) |\n"
      "|---|---|---|---|---|\n";
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    if constexpr (!F::rows) {
      // Orders whose rules are the same share a row: order 1 and orders 2-5 at most.
      std::map<std::string, std::string> by_rules;
      std::vector<std::string> order_of_first;
      quake::registry::for_each_order([&](auto order) {
        constexpr int N = decltype(order)::value;
        // The rules of every IEEE build (a 32-bit NEON build adds its flush rules: the docs
        // describe them in words); float and double have the same rules, with their thresholds.
        std::vector<quake::edge<float>> ef;
        std::vector<quake::edge<double>> ed;
        for (const auto& e : F::template edge_rules<N, float>()) {
          if (!e.flush_only) ef.push_back(e);
        }
        for (const auto& e : F::template edge_rules<N, double>()) {
          if (!e.flush_only) ed.push_back(e);
        }
        std::string rows;
        for (std::size_t i = 0; i < ef.size() && i < ed.size(); ++i) {
          rows +=
              "| | | " + interval(ef[i]) + " | " + result(ef[i]) + " | " + interval(ed[i]) + " |\n";
        }
        if (!by_rules.count(rows)) order_of_first.push_back(rows);
        by_rules[rows] += (by_rules[rows].empty() ? "" : ", ") + std::to_string(N);
      });
      for (const auto& rows : order_of_first) {
        // The first row carries the function's name and its orders.
        const auto first_end = rows.find('\n');
        std::string head = rows.substr(0, first_end);
        head = "| `" + std::string(F::name) + "` | " + by_rules[rows] + " |" + head.substr(5);
        s += head + "\n" + rows.substr(first_end + 1);
      }
    }
  });
  return s;
}

std::map<std::string, std::string> tables() {
  return {{"api", api_table()}, {"bounds", bounds_table()}, {"edges", edges_table()}};
}

/// Replaces (write) or compares (check) every registry block of `path`; returns false on a
/// difference (check) or a malformed file.
bool process(const std::string& path, bool write) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read\n", path.c_str());
    return false;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  const auto all = tables();
  bool ok = true;
  int blocks = 0;
  for (const auto& [name, table] : all) {
    const std::string open = "<!-- registry:" + name + " -->\n";
    const std::string close = "<!-- /registry:" + name + " -->";
    for (std::size_t at = text.find(open); at != std::string::npos;
         at = text.find(open, at + open.size())) {
      const std::size_t body = at + open.size();
      const std::size_t end = text.find(close, body);
      if (end == std::string::npos) {
        std::fprintf(stderr, "%s: registry:%s is not closed\n", path.c_str(), name.c_str());
        return false;
      }
      ++blocks;
      if (text.compare(body, end - body, table) != 0) {
        if (write) {
          text.replace(body, end - body, table);
        } else {
          std::fprintf(stderr,
                       "%s: the `%s` table differs from the registry; rerun quake_registry_tables "
                       "--write %s\nthe registry's:\n%s",
                       path.c_str(), name.c_str(), path.c_str(), table.c_str());
          ok = false;
        }
      }
    }
  }
  if (blocks == 0) {
    std::fprintf(stderr, "%s: no registry table in it\n", path.c_str());
    return false;
  }
  if (write) std::ofstream(path) << text;
  std::printf("%s: %d registry table%s %s\n", path.c_str(), blocks, blocks == 1 ? "" : "s",
              write ? "written"
              : ok  ? "match the registry"
                    : "DIFFER");
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 1) {
    for (const auto& [name, table] : tables())
      std::printf("%s:\n%s\n", name.c_str(), table.c_str());
    return 0;
  }
  const std::string mode = argv[1];
  if ((mode != "--check" && mode != "--write") || argc < 3) {
    std::fprintf(stderr, "usage: %s [--check|--write FILE...]\n", argv[0]);
    return 2;
  }
  bool ok = true;
  for (int i = 2; i < argc; ++i) ok = process(argv[i], mode == "--write") && ok;
  return ok ? 0 : 1;
}
