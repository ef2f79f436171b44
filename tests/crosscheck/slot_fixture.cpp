// Writes what the EVM test (tests/crosscheck/evm_solidity.mjs) checks the Solidity
// against, for a slot of 64 proofs (the snarkjs fixtures' proofs, in turn):
// DIR/inclusion.json (recursion::inclusion_json) and a plain circuit with the slot
// statement's four public signals, DIR/statement.r1cs and DIR/statement.wtns, whose
// Groth16 proof stands in for the wrapper's: a verifier's gas depends only on the
// number of public signals.
//   slot_fixture SHARED_DIR OUT_DIR
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "aggregator/circuit/api.hpp"
#include "aggregator/commit/commitments.hpp"
#include "aggregator/groth16/r1cs.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "aggregator/groth16/wtns.hpp"
#include "aggregator/recursion/slot_commitment.hpp"

namespace {

using namespace proofagg;

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool write(const std::string& path, std::span<const std::uint8_t> bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: slot_fixture SHARED_DIR OUT_DIR\n";
    return 2;
  }
  const std::string shared = argv[1], out = argv[2];
  std::vector<recursion::IncludedProof> proofs;
  for (std::size_t i = 0; proofs.size() < 64; ++i) {
    const std::string circuit = std::vector<std::string>{"multiplier", "poseidon_preimage", "poseidon_chain"}[i % 3];
    const std::string dir = shared + "/fixtures/snarkjs/" + circuit + "/";
    const auto vk = groth16::snarkjs::parse_verifying_key(read(dir + "verification_key.json"));
    const auto inputs = groth16::snarkjs::parse_public_signals(read(dir + "public_" + std::to_string(i / 3 % 2) + ".json"));
    if (!vk || !inputs) {
      std::cerr << "cannot read the fixtures in " << dir << "\n";
      return 1;
    }
    proofs.push_back({commit::vk_hash(*vk), *inputs});
  }
  const auto commitment = recursion::SlotCommitment::build(77, proofs);
  if (!commitment) {
    std::cerr << commitment.error() << "\n";
    return 1;
  }
  const std::string json = recursion::inclusion_json(*commitment, proofs);

  circuit::Builder b(circuit::Builder::Mode::kWitness);
  circuit::LC sum;
  for (const ff::Fr& signal : commitment->statement().public_signals()) sum += b.public_input(signal);
  const circuit::Variable total = b.private_input(b.value(sum));
  circuit::assert_equal(b, sum, total);
  const bool ok = write(out + "/statement.r1cs", groth16::write_r1cs(b.r1cs())) &&
                  write(out + "/statement.wtns", groth16::write_wtns(b.witness())) &&
                  write(out + "/inclusion.json", std::span(reinterpret_cast<const std::uint8_t*>(json.data()), json.size()));
  if (!ok) {
    std::cerr << "cannot write to " << out << "\n";
    return 1;
  }
  return 0;
}
