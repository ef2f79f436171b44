// .r1cs against snarkjs's fixtures (the zkey's QAP coefficients are the r1cs's A and
// B rows; the fixture witnesses satisfy it), and the development setup: keys it
// makes prove and verify, and refuse unsatisfying witnesses.
#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/ptau.hpp"
#include "aggregator/groth16/r1cs.hpp"
#include "aggregator/groth16/setup.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "aggregator/groth16/wtns.hpp"
#include "aggregator/groth16/zkey.hpp"
#include "kernels/pairing/multi_pairing.hpp"
#include "tests/support/files.hpp"

namespace proofagg::groth16 {
namespace {

using ff::Fr;

std::string path(const std::string& circuit, const std::string& file) {
  return testing::fixture_path("snarkjs/" + circuit + "/" + file);
}

R1cs load_r1cs(const std::string& circuit) {
  const auto r = read_r1cs(testing::read_bytes(path(circuit, circuit + ".r1cs")));
  EXPECT_TRUE(r.ok()) << r.error();
  return *r;
}

std::vector<Fr> load_witness(const std::string& circuit, int i = 0) {
  return *read_wtns(testing::read_bytes(path(circuit, "witness_" + std::to_string(i) + ".wtns")));
}

TEST(R1cs, AgreesWithTheFixtureKeysAndWitnesses) {
  for (const char* circuit : {"multiplier", "poseidon_preimage", "poseidon_chain"}) {
    const R1cs r1cs = load_r1cs(circuit);
    const auto w = load_witness(circuit);
    EXPECT_TRUE(r1cs.is_satisfied_by(w)) << circuit;
    std::vector<Fr> wrong = w;
    wrong.back() += Fr::one();
    EXPECT_FALSE(r1cs.is_satisfied_by(wrong)) << circuit;
    // snarkjs's coefficients: sum per (matrix, constraint, signal) equals the r1cs rows.
    const auto pk = read_zkey(testing::read_bytes(path(circuit, std::string(circuit) + ".zkey")));
    std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>, Fr> from_zkey, from_r1cs;
    for (const QapCoefficient& q : pk->coefficients) {
      if (q.constraint >= r1cs.constraints.size()) continue;  // the public-input rows
      auto [it, _] = from_zkey.try_emplace({q.matrix, q.constraint, q.signal}, Fr::zero());
      it->second += q.value;
    }
    for (std::uint32_t c = 0; c < r1cs.constraints.size(); ++c) {
      for (const R1csTerm& t : r1cs.constraints[c].a) {
        auto [it, _] = from_r1cs.try_emplace({0, c, t.wire}, Fr::zero());
        it->second += t.coefficient;
      }
      for (const R1csTerm& t : r1cs.constraints[c].b) {
        auto [it, _] = from_r1cs.try_emplace({1, c, t.wire}, Fr::zero());
        it->second += t.coefficient;
      }
    }
    EXPECT_EQ(from_zkey, from_r1cs) << circuit;
    EXPECT_EQ(pk->n_vars, r1cs.n_wires);
    EXPECT_EQ(pk->n_public, r1cs.n_public());
    // Round trip.
    const auto again = read_r1cs(write_r1cs(r1cs));
    ASSERT_TRUE(again.ok()) << again.error();
    EXPECT_EQ(again->constraints, r1cs.constraints);
    EXPECT_EQ(again->n_wires, r1cs.n_wires);
  }
}

TEST(R1cs, RejectsMalformedFiles) {
  R1cs r1cs = load_r1cs("multiplier");
  r1cs.constraints[0].a.push_back({r1cs.n_wires, Fr::one()});
  EXPECT_EQ(read_r1cs(write_r1cs(r1cs)).error(), "r1cs constraint 0: wire 4 out of range");
  auto bytes = write_r1cs(load_r1cs("multiplier"));
  bytes[0] = 'z';
  EXPECT_EQ(read_r1cs(bytes).error(), "r1cs: not a r1cs file (wrong magic)");
}

TEST(DevelopmentSetup, KeysProveAndVerify) {
  for (const char* circuit : {"multiplier", "poseidon_preimage"}) {
    const R1cs r1cs = load_r1cs(circuit);
    const auto pk = development_setup(r1cs);
    ASSERT_TRUE(pk.ok()) << pk.error();
    EXPECT_EQ(pk->domain_size, std::bit_ceil(r1cs.constraints.size() + r1cs.n_public() + 1));
    const auto reread = read_zkey(write_zkey(*pk));  // every point passes the reader's checks
    ASSERT_TRUE(reread.ok()) << reread.error();
    const PreparedVerifyingKey vk(pk->verifying_key());
    for (int i = 0; i < 2; ++i) {
      const auto w = load_witness(circuit, i);
      const auto proof = prove(*pk, w, Backend::kCpu);
      ASSERT_TRUE(proof.ok()) << proof.error();
      EXPECT_TRUE(*verify(vk, proof->proof, proof->public_signals)) << circuit << " witness " << i;
      std::vector<Fr> wrong = w;
      wrong.back() += Fr::one();
      const auto bad = prove(*pk, wrong, Backend::kCpu);
      EXPECT_FALSE(*verify(vk, bad->proof, bad->public_signals)) << circuit;
    }
  }
}

}  // namespace
}  // namespace proofagg::groth16

namespace proofagg::groth16 {
namespace {

// snarkjs made the fixture keys from the same .ptau (zkey new + one contribution):
// every point that does not depend on delta must come out bit for bit the same,
// and the delta-scaled ones must agree after pairing with their own delta.
TEST(PtauSetup, ReproducesSnarkjsKeysFromTheSameCeremony) {
  const auto ptau_bytes = testing::read_bytes(testing::fixture_path("snarkjs/pot12_final.ptau"));
  const auto ptau = PowersOfTau::parse(ptau_bytes);
  ASSERT_TRUE(ptau.ok()) << ptau.error();
  EXPECT_EQ(ptau->power(), 12u);
  for (const char* circuit : {"multiplier", "poseidon_preimage"}) {
    const R1cs r1cs = load_r1cs(circuit);
    const auto ours = setup_from_ptau(r1cs, *ptau);
    ASSERT_TRUE(ours.ok()) << ours.error();
    const auto theirs = read_zkey(testing::read_bytes(path(circuit, std::string(circuit) + ".zkey")));
    EXPECT_EQ(ours->alpha, theirs->alpha);
    EXPECT_EQ(ours->beta1, theirs->beta1);
    EXPECT_EQ(ours->beta2, theirs->beta2);
    EXPECT_EQ(ours->gamma2, theirs->gamma2);
    EXPECT_EQ(ours->ic, theirs->ic) << circuit;
    EXPECT_EQ(ours->a, theirs->a) << circuit;
    EXPECT_EQ(ours->b1, theirs->b1) << circuit;
    EXPECT_EQ(ours->b2, theirs->b2) << circuit;
    ASSERT_EQ(ours->c.size(), theirs->c.size());
    ASSERT_EQ(ours->h.size(), theirs->h.size());
    for (std::size_t i = 0; i < std::min<std::size_t>(ours->c.size(), 4); ++i) {
      EXPECT_EQ(pairing::pairing(ours->c[i], ours->delta2), pairing::pairing(theirs->c[i], theirs->delta2)) << i;
    }
    for (std::size_t i = 0; i < 4; ++i) {
      EXPECT_EQ(pairing::pairing(ours->h[i], ours->delta2), pairing::pairing(theirs->h[i], theirs->delta2)) << i;
    }
    EXPECT_NE(ours->delta1, theirs->delta1);  // a fresh contribution
    const PreparedVerifyingKey vk(ours->verifying_key());
    const auto proof = prove(*ours, load_witness(circuit), Backend::kCpu);
    EXPECT_TRUE(*verify(vk, proof->proof, proof->public_signals)) << circuit;
  }
}

TEST(PtauSetup, RejectsCircuitsTooLargeAndBrokenFiles) {
  const auto ptau_bytes = testing::read_bytes(testing::fixture_path("snarkjs/pot12_final.ptau"));
  const auto ptau = PowersOfTau::parse(ptau_bytes);
  R1cs big = load_r1cs("multiplier");
  big.constraints.resize(5000, big.constraints[0]);
  EXPECT_EQ(setup_from_ptau(big, *ptau).error(),
            "setup: the circuit needs a domain of 2^13, the powers of tau go up to 2^12");
  auto broken = ptau_bytes;
  broken.resize(broken.size() - 10);
  EXPECT_EQ(PowersOfTau::parse(broken).error().rfind("ptau: section 15 claims", 0), 0u);
  broken = ptau_bytes;
  broken[0] = 'q';
  EXPECT_EQ(PowersOfTau::parse(broken).error(), "ptau: not a ptau file (wrong magic)");
}

}  // namespace
}  // namespace proofagg::groth16

namespace proofagg::groth16 {
namespace {

// The development ceremony file goes through the same reader and phase 2 as a real
// one: keys from it prove and verify.
TEST(PtauSetup, DevelopmentCeremonyRoundTrips) {
  const std::vector<std::uint8_t> bytes = write_development_ptau(10);
  const auto ptau = PowersOfTau::parse(bytes);
  ASSERT_TRUE(ptau.ok()) << ptau.error();
  EXPECT_EQ(ptau->power(), 10u);
  const auto l4 = ptau->lagrange_g1(4);
  ASSERT_TRUE(l4.ok());
  // sum_j L_j(tau) = 1 on every domain: the Lagrange G1 points of a domain add up to G.
  ec::G1 sum = ec::G1::infinity();
  for (const auto& p : *l4) sum = sum.add_mixed(p);
  EXPECT_EQ(sum.to_affine(), ec::g1_generator());
  const R1cs r1cs = load_r1cs("poseidon_preimage");
  const auto pk = setup_from_ptau(r1cs, *ptau);
  ASSERT_TRUE(pk.ok()) << pk.error();
  const PreparedVerifyingKey vk(pk->verifying_key());
  const auto proof = prove(*pk, load_witness("poseidon_preimage", 1), Backend::kCpu);
  EXPECT_TRUE(*verify(vk, proof->proof, proof->public_signals));
  // Too small a ceremony for the circuit.
  const auto tiny_bytes = write_development_ptau(3);
  EXPECT_EQ(setup_from_ptau(r1cs, *PowersOfTau::parse(tiny_bytes)).error(),
            "setup: the circuit needs a domain of 2^10, the powers of tau go up to 2^3");
}

}  // namespace
}  // namespace proofagg::groth16
