// The snarkjs fixture proofs the benchmarks verify:
// shared/fixtures/snarkjs/NAME/{verification_key,proof_0,public_0}.json.
#pragma once

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "aggregator/groth16/snarkjs_json.hpp"

namespace proofagg::bench {

struct Fixture {
  groth16::VerifyingKey vk;
  groth16::Proof proof;
  std::vector<ff::Fr> inputs;
};

inline std::string read_text(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The fixture, or nothing (after saying on stderr which folder failed).
inline std::optional<Fixture> load_fixture(const std::string& shared, const std::string& circuit) {
  const std::string dir = shared + "/fixtures/snarkjs/" + circuit + "/";
  auto vk = groth16::snarkjs::parse_verifying_key(read_text(dir + "verification_key.json"));
  auto proof = groth16::snarkjs::parse_proof(read_text(dir + "proof_0.json"));
  auto inputs = groth16::snarkjs::parse_public_signals(read_text(dir + "public_0.json"));
  if (!vk || !proof || !inputs) {
    std::cerr << "cannot load the fixture in " << dir << "\n";
    return std::nullopt;
  }
  return Fixture{std::move(*vk), *proof, std::move(*inputs)};
}

}  // namespace proofagg::bench
