// Reading the project's fixtures (shared/, read-only) in tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace proofagg::testing {

inline std::string fixture_path(const std::string& relative) {
  return std::string(PROOFAGG_SHARED_DIR) + "/fixtures/" + relative;
}

inline std::string read_text(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

inline bool exists(const std::string& path) { return std::filesystem::exists(path); }

}  // namespace proofagg::testing
