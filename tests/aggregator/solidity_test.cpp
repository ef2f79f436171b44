// The exported Solidity's shape (compiled and run on the EVM by
// Crosscheck.EvmSolidity): the key's constants in EIP-197 order, one input word per
// public signal, and no verifier for a key with a commitment.
#include "aggregator/solidity/export.hpp"

#include <gtest/gtest.h>

#include "aggregator/groth16/snarkjs_json.hpp"
#include "kernels/ff/codec.hpp"
#include "tests/support/files.hpp"

namespace proofagg::solidity {
namespace {

TEST(SolidityExport, TheVerifierEmbedsTheKeyInEip197Order) {
  const auto vk = *groth16::snarkjs::parse_verifying_key(
      testing::read_text(testing::fixture_path("snarkjs/poseidon_preimage/verification_key.json")));
  const std::string code = groth16_verifier(vk, "Fixture");
  EXPECT_NE(code.find("abstract contract FixtureKey {"), std::string::npos);  // the key, for ProofaggSlotRoots
  EXPECT_NE(code.find("contract Fixture is FixtureKey {"), std::string::npos);
  EXPECT_NE(code.find("function verifyProof(uint256[8] calldata proof, uint256[2] calldata input) external"),
            std::string::npos);
  EXPECT_NE(code.find("uint256[2] calldata input"), std::string::npos);
  const auto constant = [&](const std::string& name, const ff::Fq& x) {
    return code.find("uint256 constant " + name + " = " + ff::limbs_to_decimal(x.to_canonical()) + ";") != std::string::npos;
  };
  EXPECT_TRUE(constant("BETA_X1", vk.beta.x.c1));  // imaginary part first
  EXPECT_TRUE(constant("BETA_X0", vk.beta.x.c0));
  EXPECT_TRUE(constant("DELTA_Y1", vk.delta.y.c1));
  EXPECT_TRUE(constant("IC2_Y", vk.ic[2].y));
  EXPECT_EQ(code.find("IC3_X"), std::string::npos);

  groth16::VerifyingKey committed = vk;
  committed.commitment = groth16::CommitmentVerifyingKey{vk.beta, vk.gamma};
  EXPECT_THROW(groth16_verifier(committed), std::invalid_argument);
}

TEST(SolidityExport, TheSlotRootsAcceptEachSlotOnceAndFoldPathsWithSha256) {
  const std::string code = slot_roots();
  EXPECT_NE(code.find("slot already aggregated"), std::string::npos);
  EXPECT_NE(code.find("staticcall(gas(), 2,"), std::string::npos);
  EXPECT_NE(code.find("function verifyInclusion("), std::string::npos);
  EXPECT_NE(code.find("import \"./ProofaggVerifier.sol\";"), std::string::npos);
  EXPECT_NE(code.find("contract ProofaggSlotRoots is ProofaggVerifierKey {"), std::string::npos);
  EXPECT_EQ(code.find('$'), std::string::npos);  // every placeholder filled
  const std::string other = slot_roots("WrapperVerifier");
  EXPECT_NE(other.find("import \"./WrapperVerifier.sol\";"), std::string::npos);
  EXPECT_NE(other.find("contract ProofaggSlotRoots is WrapperVerifierKey {"), std::string::npos);
}

}  // namespace
}  // namespace proofagg::solidity
