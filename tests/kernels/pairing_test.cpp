#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "kernels/ff/codec.hpp"
#include "kernels/pairing/multi_pairing.hpp"
#include "tests/support/random.hpp"

namespace proofagg::pairing {
namespace {

using ec::G1;
using ec::G2;
using ff::Fr;
using testing::random_g1;
using testing::random_g2;

TEST(Pairing, Bilinearity) {
  const G1Affine p = ec::g1_generator();
  const G2Affine q = ec::g2_generator();
  const Fq12 e = pairing(p, q);
  for (int i = 0; i < 3; ++i) {
    const Fr a = testing::random_element<Fr>();
    const Fr b = testing::random_element<Fr>();
    const G1Affine ap = ec::g1_mul(G1::from_affine(p), a.to_canonical()).to_affine();
    const G2Affine bq = ec::g2_mul(G2::from_affine(q), b.to_canonical()).to_affine();
    EXPECT_EQ(pairing(ap, bq), e.pow((a * b).to_canonical()));
    EXPECT_EQ(pairing(ap, q), pairing(p, ec::g2_mul(G2::from_affine(q), a.to_canonical()).to_affine()));
  }
}

TEST(Pairing, NonDegenerateAndOfOrderR) {
  const Fq12 e = pairing(ec::g1_generator(), ec::g2_generator());
  EXPECT_FALSE(e.is_one());
  EXPECT_TRUE(e.pow(ff::FrParams::modulus()).is_one());
  EXPECT_TRUE(pairing(G1Affine::infinity(), ec::g2_generator()).is_one());
  EXPECT_TRUE(pairing(ec::g1_generator(), G2Affine::infinity()).is_one());
}

TEST(Pairing, MultiPairingIsProductOfPairings) {
  std::vector<G1Affine> p;
  std::vector<G2Affine> q;
  Fq12 expected = Fq12::one();
  for (int i = 0; i < 4; ++i) {
    p.push_back(random_g1());
    q.push_back(random_g2());
    expected *= pairing(p.back(), q.back());
  }
  EXPECT_EQ(multi_pairing(p, q), expected);
  // Prepared lines are reusable across loops.
  std::vector<G2Prepared> prepared;
  for (const auto& qi : q) prepared.push_back(prepare(qi));
  EXPECT_EQ(final_exponentiation(multi_miller_loop(p, prepared)), expected);
  EXPECT_TRUE(multi_pairing(std::span<const G1Affine>{}, std::span<const G2Affine>{}).is_one());
  // Odd numbers of finite pairs, with identities in between, pair lines differently.
  std::vector<G1Affine> p5{p[0], G1Affine::infinity(), p[1], p[2], p[3]};
  std::vector<G2Affine> q5{q[0], q[1], G2Affine::infinity(), q[2], q[3]};
  EXPECT_EQ(multi_pairing(p5, q5), pairing(p[0], q[0]) * pairing(p[2], q[2]) * pairing(p[3], q[3]));
}

TEST(Pairing, ProductCheck) {
  const G1Affine p = random_g1();
  const G2Affine q = random_g2();
  const std::vector<G1Affine> ps{p, -p};
  const std::vector<G2Affine> qs{q, q};
  EXPECT_TRUE(pairing_product_is_one(ps, qs));
  const std::vector<G1Affine> bad{p, p};
  EXPECT_FALSE(pairing_product_is_one(bad, qs));
  // e(aP, Q) e(-P, aQ) = 1.
  const ff::Limbs a = testing::random_scalar();
  const std::vector<G1Affine> ps2{ec::g1_mul(G1::from_affine(p), a).to_affine(), -p};
  const std::vector<G2Affine> qs2{q, ec::g2_mul(G2::from_affine(q), a).to_affine()};
  EXPECT_TRUE(pairing_product_is_one(ps2, qs2));
}

// snarkjs ships e(alpha, beta) in every verifying key (vk_alphabeta_12), computed by
// ffjavascript: an independent implementation of the same pairing.
TEST(Pairing, MatchesSnarkjsAlphaBeta) {
  for (const char* circuit : {"multiplier", "poseidon_preimage", "poseidon_chain"}) {
    std::ifstream file(std::string(PROOFAGG_SHARED_DIR) + "/fixtures/snarkjs/" + circuit +
                       "/verification_key.json");
    ASSERT_TRUE(file) << circuit;
    const nlohmann::json vk = nlohmann::json::parse(file);
    auto fq = [](const nlohmann::json& v) { return ff::field_from_decimal<Fq>(v.get<std::string>()).value(); };
    auto fq2 = [&](const nlohmann::json& v) { return Fq2{fq(v[0]), fq(v[1])}; };
    const G1Affine alpha{fq(vk["vk_alpha_1"][0]), fq(vk["vk_alpha_1"][1])};
    const G2Affine beta{fq2(vk["vk_beta_2"][0]), fq2(vk["vk_beta_2"][1])};
    ASSERT_TRUE(alpha.is_on_curve());
    ASSERT_TRUE(beta.is_on_curve());
    const auto& ab = vk["vk_alphabeta_12"];
    const Fq12 expected{{fq2(ab[0][0]), fq2(ab[0][1]), fq2(ab[0][2])},
                        {fq2(ab[1][0]), fq2(ab[1][1]), fq2(ab[1][2])}};
    EXPECT_EQ(pairing(alpha, beta), expected) << circuit;
  }
}

}  // namespace
}  // namespace proofagg::pairing
