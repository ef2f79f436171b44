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

// Every proof of the fixture (proof_J / public_J for J = 0, 1, ... while they exist),
// under its one key.
struct FixtureProofs {
  groth16::VerifyingKey vk;
  std::vector<groth16::Proof> proofs;
  std::vector<std::vector<ff::Fr>> inputs;
};

inline std::optional<FixtureProofs> load_fixture_proofs(const std::string& shared, const std::string& circuit) {
  const auto first = load_fixture(shared, circuit);
  if (!first) return std::nullopt;
  FixtureProofs out{first->vk, {first->proof}, {first->inputs}};
  const std::string dir = shared + "/fixtures/snarkjs/" + circuit + "/";
  for (int j = 1;; ++j) {
    const std::string at = dir + "proof_" + std::to_string(j) + ".json";
    if (!std::ifstream(at)) break;
    auto proof = groth16::snarkjs::parse_proof(read_text(at));
    auto inputs = groth16::snarkjs::parse_public_signals(read_text(dir + "public_" + std::to_string(j) + ".json"));
    if (!proof || !inputs) {
      std::cerr << "cannot load " << at << " and its public signals\n";
      return std::nullopt;
    }
    out.proofs.push_back(*proof);
    out.inputs.push_back(std::move(*inputs));
  }
  return out;
}

}  // namespace proofagg::bench
