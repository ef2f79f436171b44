// The Ethereum precompile vectors in shared/testvectors/bn254.
#pragma once

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace proofagg::testing {

struct PrecompileVector {
  std::string name;
  std::string input;
  std::string expected;
};

inline std::vector<PrecompileVector> load_precompile_vectors(const std::string& file_name) {
  std::ifstream file(std::string(PROOFAGG_SHARED_DIR) + "/testvectors/bn254/" + file_name);
  std::vector<PrecompileVector> out;
  if (!file) return out;
  for (const auto& v : nlohmann::json::parse(file)) {
    out.push_back({v.at("Name").get<std::string>(), v.at("Input").get<std::string>(),
                   v.at("Expected").get<std::string>()});
  }
  return out;
}

}  // namespace proofagg::testing
