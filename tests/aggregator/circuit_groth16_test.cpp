// The Groth16 verifier gadget for a fixed key (plain mode) on a snarkjs fixture
// proof: it verifies, and a changed public input makes the system unsatisfiable.
#include <gtest/gtest.h>

#include <chrono>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/groth16.hpp"
#include "aggregator/circuit/std/vk_hash.hpp"
#include "aggregator/commit/commitments.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "kernels/ff/codec.hpp"
#include "tests/support/circuits.hpp"
#include "tests/support/files.hpp"

namespace proofagg::circuit {
namespace {

class Groth16GadgetModes : public ::testing::TestWithParam<Builder::Arithmetic> {};
INSTANTIATE_TEST_SUITE_P(Arithmetic, Groth16GadgetModes, ::testing::ValuesIn(testing::kBothArithmetics),
                         testing::arithmetic_name);

class VkHashGadgetModes : public ::testing::TestWithParam<Builder::Arithmetic> {};
INSTANTIATE_TEST_SUITE_P(Arithmetic, VkHashGadgetModes, ::testing::ValuesIn(testing::kBothArithmetics),
                         testing::arithmetic_name);

TEST_P(Groth16GadgetModes, VerifiesTheFixtureProofAndRefusesAnotherStatement) {
  const auto fixture = [](const std::string& file) {
    return testing::read_text(testing::fixture_path("snarkjs/multiplier/" + file));
  };
  const auto vk = groth16::snarkjs::parse_verifying_key(fixture("verification_key.json"));
  const auto proof = groth16::snarkjs::parse_proof(fixture("proof_0.json"));
  const auto inputs = groth16::snarkjs::parse_public_signals(fixture("public_0.json"));
  ASSERT_TRUE(vk.ok() && proof.ok() && inputs.ok());
  for (const bool honest : {true, false}) {
    const auto started = std::chrono::steady_clock::now();
    Builder b(Builder::Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    Groth16FixedKeyVerifier verifier(tower, *vk);
    const Groth16ProofVar proof_var = verifier.private_proof(*proof);
    const Fr input = honest ? (*inputs)[0] : (*inputs)[0] + Fr::one();
    const std::vector<std::vector<Variable>> bits{to_bits(b, b.public_input(input), 16)};
    verifier.assert_verifies(proof_var, bits);
    EXPECT_EQ(testing::no_violation(b), honest) << b.first_violation().value_or("");
    if (honest) {
      std::cout << "groth16_verify, fixed key, one 16-bit public input (" << testing::arithmetic_label(GetParam()) << "): " << b.constraints()
                << " constraints, built with its witness in "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
    }
  }
}

// A witness key's in-circuit vk_hash equals the registered one for every fixture
// key, and another key hashes elsewhere.
TEST_P(VkHashGadgetModes, EqualsTheNativeVkHash) {
  for (const char* circuit : {"multiplier", "poseidon_preimage", "poseidon_chain"}) {
    const auto vk = groth16::snarkjs::parse_verifying_key(
        testing::read_text(testing::fixture_path(std::string("snarkjs/") + circuit + "/verification_key.json")));
    ASSERT_TRUE(vk.ok());
    Builder b(Builder::Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    const Variable h = vk_hash(b, private_verifying_key(tower, *vk));
    const auto expected = commit::vk_hash(*vk);
    EXPECT_EQ(ff::field_to_be_bytes(b.value(h)), expected) << circuit;
    EXPECT_TRUE(testing::no_violation(b)) << b.first_violation().value_or("");
    const std::vector<std::uint32_t> output{b.wire_of(h)};
    testing::expect_each_change_breaks(b, output);  // no other hash can be claimed
    if (std::string(circuit) == "multiplier") std::cout << "vk_hash, one public input (" << testing::arithmetic_label(GetParam()) << "): " << b.constraints() << " constraints\n";
  }
}

TEST_P(Groth16GadgetModes, RefusesDegenerateKeys) {
  auto vk = groth16::snarkjs::parse_verifying_key(
      testing::read_text(testing::fixture_path("snarkjs/multiplier/verification_key.json")));
  ASSERT_TRUE(vk.ok());
  vk->gamma = vk->delta;
  Builder b(Builder::Mode::kConstraints, GetParam());
  EmulatedFq fq(b);
  EmulatedTower tower(fq);
  EXPECT_THROW(Groth16FixedKeyVerifier(tower, *vk), std::invalid_argument);
}

}  // namespace
}  // namespace proofagg::circuit
