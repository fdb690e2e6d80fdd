// Prints the tables of README.md and docs/accuracy.md that come from the registry
// (include/quake/registry.hpp) -- bounds and edge rules -- and the registry's part of every
// function's doc block in its header, and checks or rewrites the copies in those files, so the
// documented figures are the code's.
//
//   quake_registry_tables                      print every table
//   quake_registry_tables --check FILE...      fail where a file's copy differs from the registry
//   quake_registry_tables --write FILE...      rewrite the copies
//
// A copy is the text between `<!-- registry:NAME -->` and `<!-- /registry:NAME -->`. Where the
// files include headers (*.hpp), every function of the list must have its doc block in one.
#include <algorithm>
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

/// "1 / 2 / 3 / 4 / 5": every order of the ladder.
std::string orders_list() {
  std::string s;
  for (int n = 1; n <= quake::max_order; ++n) s += (n == 1 ? "" : " / ") + std::to_string(n);
  return s;
}

/// A table of every function: `columns` heads the columns before the orders' values, and
/// `rows(tag)` writes a function's rows.
template <class Rows>
std::string function_table(const std::string& columns, Rows rows) {
  std::string s = "| function | " + columns + orders_list() + " (rows: the 2.2 B term) |\n" +
                  "|---|---|---|---|\n";
  quake::registry::for_each([&](auto tag) { s += rows(tag); });
  return s;
}

std::string api_table() {
  return function_table("computes | error bound | float, orders ", [](auto tag) {
    using F = typename decltype(tag)::type;
    return std::string("| `") + F::name + "` | " + F::summary + " | " + bound_formula<F>() + " | " +
           values<F, float>() + " |\n";
  });
}

std::string bounds_table() {
  return function_table("bound | type | orders ", [](auto tag) {
    using F = typename decltype(tag)::type;
    return std::string("| `") + F::name + "` | " + bound_formula<F>() + " | float | " +
           values<F, float>() + " |\n" + "| | | double | " + values<F, double>() + " |\n";
  });
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
      return "exactly x";
  }
  return "";
}

/// F's edge rules at order N for float and for double, those of every IEEE build (a 32-bit NEON
/// build adds its flush rules, which the docs describe in words); float and double have the same
/// rules, with their thresholds.
template <class F, int N>
std::pair<std::vector<quake::edge<float>>, std::vector<quake::edge<double>>> ieee_rules() {
  std::pair<std::vector<quake::edge<float>>, std::vector<quake::edge<double>>> r;
  for (const auto& e : F::template edge_rules<N, float>()) {
    if (!e.flush_only) r.first.push_back(e);
  }
  for (const auto& e : F::template edge_rules<N, double>()) {
    if (!e.flush_only) r.second.push_back(e);
  }
  return r;
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
        const auto [ef, ed] = ieee_rules<F, N>();
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

/// Words wrapped to lines of at most `width` columns after `prefix` (the first line) and
/// `prefix` plus two spaces (the others); each line ends in a newline.
std::string wrap(const std::string& text, const std::string& prefix, std::size_t width = 100) {
  std::string out, line = prefix;
  std::istringstream words(text);
  std::string w;
  bool first = true;
  while (words >> w) {
    if (!first && line.size() + 1 + w.size() > width) {
      out += line + "\n";
      line = prefix + "  " + w;
    } else {
      line += (first ? "" : " ") + w;
    }
    first = false;
  }
  return out + line + "\n";
}

/// "a (float) / b (double)", or "a" where both read the same.
std::string both(const std::string& f, const std::string& d) {
  return f == d ? f : f + " (float) / " + d + " (double)";
}

/// "orders 2-5" for a set of orders (consecutive runs), "" for every order.
std::string orders_text(const std::vector<int>& orders) {
  if (static_cast<int>(orders.size()) == quake::max_order) return "";
  std::string s;
  for (std::size_t i = 0; i < orders.size();) {
    std::size_t j = i;
    while (j + 1 < orders.size() && orders[j + 1] == orders[j] + 1) ++j;
    s += (s.empty() ? "" : ", ") + std::to_string(orders[i]) +
         (j > i ? "-" + std::to_string(orders[j]) : "");
    i = j + 1;
  }
  return (orders.size() == 1 ? "order " : "orders ") + s + ": ";
}

/// The error line of F's documentation: its bound and the bound's values.
template <class F>
std::string error_doc() {
  std::string s =
      "Error: " + bound_formula<F>() + " (quake::bound<quake::fn::" + F::name + ", Order, T>";
  if constexpr (F::rows)
    s += "; the element's bound is quake::fn::" + std::string(F::name) + "::allowed";
  s += "); ";
  s += F::rows ? "the 2.2 B term, orders " : "orders ";
  return s + orders_list() + ": float " + values<F, float>() + ", double " + values<F, double>() +
         ".";
}

/// The documentation the registry gives of element-wise F: its bound, and its edge rules (those
/// of every IEEE build; a 32-bit NEON build adds its flush rules, which docs/platforms.md
/// describes), grouped by the orders that share them.
template <class F>
std::string elementwise_doc(const std::string& prefix) {
  std::string s = wrap(error_doc<F>(), prefix);
  std::string props = "NaN -> NaN";
  if (F::monotonicity == quake::monotone::everywhere) props += "; monotone";
  if (F::monotonicity == quake::monotone::nonnegative) props += "; monotone for x >= 0";
  if (F::odd) props += "; odd, bit for bit";
  s += wrap("Edges (quake::fn::" + std::string(F::name) + "::edge_rules): " + props + ".", prefix);
  std::vector<std::pair<std::string, std::vector<int>>> rules;  // in the order first seen
  quake::registry::for_each_order([&](auto order) {
    constexpr int N = decltype(order)::value;
    const auto [ef, ed] = ieee_rules<F, N>();
    for (std::size_t i = 0; i < ef.size() && i < ed.size(); ++i) {
      const std::string text =
          both(interval(ef[i]), interval(ed[i])) + ": " + both(result(ef[i]), result(ed[i])) + ".";
      auto it =
          std::find_if(rules.begin(), rules.end(), [&](const auto& r) { return r.first == text; });
      if (it == rules.end()) {
        rules.push_back({text, {N}});
      } else {
        it->second.push_back(N);
      }
    }
  });
  for (const auto& [text, orders] : rules) s += wrap("- " + orders_text(orders) + text, prefix);
  return s;
}

/// The documentation the registry gives of row function F: its bound and its row rules.
template <class F>
std::string rows_doc(const std::string& prefix) {
  std::string s = wrap(error_doc<F>(), prefix);
  std::string edges =
      "Edges: a row with a NaN, a +inf or only -inf values gives NaN in every element "
      "(quake::fn::" +
      std::string(F::name) + "::nan_row); in any other row a -inf value gives " +
      result(quake::edge<float>{0, 0, false, false, quake::edge<float>::exactly,
                                F::template at_minus_inf<float>, 0, ""}) +
      ".";
  if constexpr (std::is_same<F, quake::fn::softmax>::value) {
    edges += " An element whose true value is below " + show(F::tiny) + " is in [0, " +
             show(F::tiny_result) + "].";
  }
  return s + wrap(edges, prefix);
}

/// The doc block of the function named `name`, each line after `prefix`.
std::string function_doc(const std::string& name, const std::string& prefix) {
  std::string s;
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    if (name != F::name) return;
    if constexpr (F::rows) {
      s = rows_doc<F>(prefix);
    } else {
      s = elementwise_doc<F>(prefix);
    }
  });
  return s;
}

std::map<std::string, std::string> tables() {
  return {{"api", api_table()}, {"bounds", bounds_table()}, {"edges", edges_table()}};
}

/// Replaces (write) or compares (check) every registry block of `path`; returns false on a
/// difference (check) or a malformed file. A block opens with `<!-- registry:NAME -->` and closes
/// with `<!-- /registry:NAME -->`, each on a line of its own; whatever precedes the opening mark
/// on its line (a header's `/// `) precedes every line of the block. NAME is a table, or
/// doc:FUNCTION, the registry's part of a function's documentation.
bool process(const std::string& path, bool write, std::vector<std::string>& docs) {
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
  const std::string mark = "<!-- registry:";
  for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + 1)) {
    const std::size_t line_start =
        text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
    const std::string prefix = text.substr(line_start, at - line_start);
    const std::size_t name_end = text.find(" -->\n", at);
    if (name_end == std::string::npos) {
      std::fprintf(stderr, "%s: a registry mark is not followed by ' -->' and a newline\n",
                   path.c_str());
      return false;
    }
    const std::string name = text.substr(at + mark.size(), name_end - at - mark.size());
    std::string table;
    if (name.rfind("doc:", 0) == 0) {
      table = function_doc(name.substr(4), prefix);
      docs.push_back(name.substr(4));
      if (table.empty()) {
        std::fprintf(stderr, "%s: registry:%s names no function of the list\n", path.c_str(),
                     name.c_str());
        return false;
      }
    } else if (all.count(name)) {
      table = all.at(name);
    } else {
      std::fprintf(stderr, "%s: registry:%s names no table\n", path.c_str(), name.c_str());
      return false;
    }
    const std::size_t body = name_end + 5;
    const std::string close = prefix + "<!-- /registry:" + name + " -->";
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
                     "%s: the `%s` block differs from the registry; rerun quake_registry_tables "
                     "--write %s\nthe registry's:\n%s",
                     path.c_str(), name.c_str(), path.c_str(), table.c_str());
        ok = false;
      }
    }
  }
  const bool header = path.size() > 4 && path.compare(path.size() - 4, 4, ".hpp") == 0;
  if (blocks == 0) {
    if (header) return true;  // a header without a function of its own
    std::fprintf(stderr, "%s: no registry block in it\n", path.c_str());
    return false;
  }
  if (write) std::ofstream(path) << text;
  std::printf("%s: %d registry block%s %s\n", path.c_str(), blocks, blocks == 1 ? "" : "s",
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
  bool ok = true, headers = false;
  std::vector<std::string> docs;
  for (int i = 2; i < argc; ++i) {
    const std::string path = argv[i];
    headers |= path.size() > 4 && path.compare(path.size() - 4, 4, ".hpp") == 0;
    ok = process(path, mode == "--write", docs) && ok;
  }
  if (headers) {
    quake::registry::for_each([&](auto tag) {
      const std::string name = decltype(tag)::type::name;
      const auto n = std::count(docs.begin(), docs.end(), name);
      if (n != 1) {
        std::fprintf(stderr,
                     "%s has %d doc blocks (<!-- registry:doc:%s -->) in the headers, not 1\n",
                     name.c_str(), static_cast<int>(n), name.c_str());
        ok = false;
      }
    });
  }
  return ok ? 0 : 1;
}
