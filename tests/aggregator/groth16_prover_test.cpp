// Binary formats (.wtns, .zkey) on snarkjs's fixtures, and the prover: proofs made
// from snarkjs's keys and witnesses verify (here; snarkjs itself checks them in
// tests/crosscheck), carry the witness's public signals, and are fresh each time.
#include <gtest/gtest.h>

#include <vector>

#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "aggregator/groth16/wtns.hpp"
#include "aggregator/groth16/zkey.hpp"
#include "tests/support/files.hpp"
#include "tests/support/random.hpp"

namespace proofagg::groth16 {
namespace {

using ff::Fr;

constexpr const char* kCircuits[] = {"multiplier", "poseidon_preimage", "poseidon_chain"};

std::string path(const std::string& circuit, const std::string& file) {
  return testing::fixture_path("snarkjs/" + circuit + "/" + file);
}

ProvingKey load_key(const std::string& circuit) {
  const auto pk = read_zkey(testing::read_bytes(path(circuit, circuit + ".zkey")));
  EXPECT_TRUE(pk.ok()) << circuit << ": " << pk.error();
  return *pk;
}

TEST(Wtns, ReadsFixturesAndRoundTrips) {
  for (const char* circuit : kCircuits) {
    const auto w = read_wtns(testing::read_bytes(path(circuit, "witness_0.wtns")));
    ASSERT_TRUE(w.ok()) << w.error();
    EXPECT_EQ((*w)[0], Fr::one()) << circuit;  // circom's constant signal
    const auto pub = snarkjs::parse_public_signals(testing::read_text(path(circuit, "public_0.json")));
    for (std::size_t i = 0; i < pub->size(); ++i) EXPECT_EQ((*w)[i + 1], (*pub)[i]) << circuit;
    EXPECT_EQ(*read_wtns(write_wtns(*w)), *w);
    EXPECT_EQ(write_wtns(*w), testing::read_bytes(path(circuit, "witness_0.wtns"))) << circuit;
  }
}

TEST(Wtns, RejectsMalformedFiles) {
  const auto good = testing::read_bytes(path("multiplier", "witness_0.wtns"));
  auto bytes = good;
  bytes[0] = 'x';
  EXPECT_EQ(read_wtns(bytes).error(), "wtns: not a wtns file (wrong magic)");
  bytes = good;
  bytes.pop_back();
  EXPECT_EQ(read_wtns(bytes).error().rfind("wtns: section 2 claims", 0), 0u) << read_wtns(bytes).error();
  bytes = write_wtns(std::vector<Fr>{Fr::one(), Fr::zero()});
  std::fill(bytes.end() - 32, bytes.end(), 0xff);  // last value >= r
  EXPECT_EQ(read_wtns(bytes).error(), "wtns values: witness value 1 is not less than the field modulus");
  bytes = good;
  bytes.push_back(0);
  EXPECT_EQ(read_wtns(bytes).error(), "wtns: 1 bytes after the last section");
}

TEST(Zkey, MatchesTheVerificationKeyAndRoundTrips) {
  for (const char* circuit : kCircuits) {
    const ProvingKey pk = load_key(circuit);
    const auto vk = snarkjs::parse_verifying_key(testing::read_text(path(circuit, "verification_key.json")));
    ASSERT_TRUE(vk.ok());
    const VerifyingKey from_zkey = pk.verifying_key();
    EXPECT_EQ(from_zkey.alpha, vk->alpha);
    EXPECT_EQ(from_zkey.beta, vk->beta);
    EXPECT_EQ(from_zkey.gamma, vk->gamma);
    EXPECT_EQ(from_zkey.delta, vk->delta);
    EXPECT_EQ(from_zkey.ic, vk->ic);
    const auto again = read_zkey(write_zkey(pk));
    ASSERT_TRUE(again.ok()) << again.error();
    EXPECT_EQ(write_zkey(*again), write_zkey(pk));
    EXPECT_EQ(again->coefficients.size(), pk.coefficients.size());
    EXPECT_EQ(again->h, pk.h);
    EXPECT_EQ(again->b2, pk.b2);
  }
}

TEST(Zkey, RejectsMalformedKeys) {
  const ProvingKey pk = load_key("multiplier");
  ProvingKey bad = pk;
  bad.coefficients[0].signal = pk.n_vars;
  EXPECT_EQ(read_zkey(write_zkey(bad)).error(), "zkey coefficients: entry 0 has an index out of range");
  bad = pk;
  bad.h.pop_back();
  EXPECT_EQ(read_zkey(write_zkey(bad)).error(), "zkey H section: 192 bytes for 4 points");
  bad = pk;
  bad.a[1].y = bad.a[1].y + ff::Fq::one();
  EXPECT_EQ(read_zkey(write_zkey(bad)).error(), "zkey A: A[1]: G1 point is not on the curve y^2 = x^3 + 3");
  // A B2 base on the twist but outside G2: refused, unless the caller vouches for the
  // bases (then only its proofs would fail).
  bad = pk;
  bad.b2[2] = testing::twist_point_outside_g2();
  EXPECT_EQ(read_zkey(write_zkey(bad)).error(), "zkey B2: B2[2]: G2 point is not in the prime-order subgroup");
  EXPECT_TRUE(read_zkey(write_zkey(bad), ZkeyChecks::kTrustedBases).ok());
  bad.b2[2].y = bad.b2[2].y + ff::Fq2::one();
  EXPECT_FALSE(read_zkey(write_zkey(bad), ZkeyChecks::kTrustedBases).ok());  // off the curve: always refused
  auto bytes = write_zkey(pk);
  bytes[12 + 12] = 2;  // protocol id in section 1
  EXPECT_EQ(read_zkey(bytes).error(), "zkey: protocol 2 is not Groth16 (1)");
  EXPECT_EQ(read_zkey(std::vector<std::uint8_t>(5)).error(), "zkey: too short for a header (5 bytes)");
}

TEST(Prover, ProofsFromSnarkjsKeysVerify) {
  for (const char* circuit : kCircuits) {
    const ProvingKey pk = load_key(circuit);
    const PreparedVerifyingKey vk(pk.verifying_key());
    const auto w = read_wtns(testing::read_bytes(path(circuit, "witness_0.wtns")));
    const auto first = prove(pk, *w, Backend::kCpu);
    ASSERT_TRUE(first.ok()) << first.error();
    EXPECT_TRUE(*verify(vk, first->proof, first->public_signals)) << circuit;
    EXPECT_EQ(first->public_signals,
              *snarkjs::parse_public_signals(testing::read_text(path(circuit, "public_0.json"))));
    const auto second = prove(pk, *w, Backend::kCpu);
    EXPECT_NE(second->proof, first->proof) << "blinding must be fresh";
    EXPECT_TRUE(*verify(vk, second->proof, second->public_signals));
    // A witness that does not satisfy the circuit gives a proof that does not verify.
    std::vector<Fr> wrong = *w;
    wrong.back() += Fr::one();
    const auto bad = prove(pk, wrong, Backend::kCpu);
    ASSERT_TRUE(bad.ok());
    EXPECT_FALSE(*verify(vk, bad->proof, bad->public_signals)) << circuit;
  }
  const ProvingKey pk = load_key("multiplier");
  EXPECT_EQ(prove(pk, std::vector<Fr>(2), Backend::kCpu).error(), "witness has 2 values, the proving key 4");
}

}  // namespace
}  // namespace proofagg::groth16
