// The in-circuit Miller loop (plain mode) against an affine reference written here
// with kernels/ff's arithmetic (same lines, exact values), and the full optimal ate
// loop against kernels/pairing: its final exponentiation is e(P, Q).
#include <gtest/gtest.h>

#include <chrono>

#include "aggregator/circuit/std/pairing.hpp"
#include "kernels/pairing/multi_pairing.hpp"
#include "kernels/pairing/pairing.hpp"
#include "tests/support/random.hpp"

namespace proofagg::circuit {
namespace {

using ff::Fq;
using ff::Fq12;
using ff::Fq2;
using Mode = Builder::Mode;

// The same loop natively: affine steps, lines y_P - s x_P w + (s x_T - y_T) w^3.
Fq12 reference_loop(const ec::G1Affine& p, const ec::G2Affine& q, std::span<const int> digits) {
  Fq12 f = Fq12::one();
  ec::G2Affine t = q;
  const auto step = [&](const ec::G2Affine* addend) {
    const Fq2 s = addend == nullptr ? (t.x.square() * Fq2{Fq::from_u64(3), Fq::zero()}) * (t.y + t.y).inverse()
                                    : (addend->y - t.y) * (addend->x - t.x).inverse();
    const Fq2 d0{p.y, Fq::zero()};
    const Fq2 d3 = -(s * Fq2{p.x, Fq::zero()});
    const Fq2 d4 = s * t.x - t.y;
    f = f.mul_by_034(d0, d3, d4);
    const Fq2 x = s.square() - t.x - (addend == nullptr ? t.x : addend->x);
    t = {x, s * (t.x - x) - t.y};
  };
  bool first = true;
  for (const int digit : digits) {
    if (!first) f = f.square();
    first = false;
    step(nullptr);
    if (digit != 0) {
      const ec::G2Affine addend = digit > 0 ? q : -q;
      step(&addend);
    }
  }
  return f;
}

TEST(EmulatedPairing, ShortLoopsMatchTheAffineReferenceExactly) {
  const ec::G1Affine p = testing::random_g1();
  const ec::G2Affine q = testing::random_g2();
  const std::vector<int> digits{0, 1, -1, 0};
  Builder b(Mode::kWitness);
  EmulatedFq fq(b);
  EmulatedTower tower(fq);
  EmulatedG1 g1(fq);
  EmulatedG2 g2(tower);
  EmulatedPairing pairing(tower);
  const std::vector<G1Var> ps{g1.private_input(p)};
  const std::vector<G2Var> qs{g2.private_input(q)};
  const Fq12Var f = pairing.miller_loop(ps, qs, digits, false);
  EXPECT_EQ(tower.value(f), reference_loop(p, q, digits));
  EXPECT_TRUE(b.r1cs().is_satisfied_by(b.witness())) << b.first_violation().value_or("");
}

// The whole optimal ate loop for one pair:
// after kernels' final exponentiation, the circuit's value is the pairing.
TEST(EmulatedPairing, TheAteLoopGivesThePairing) {
  const ec::G1Affine p = testing::random_g1();
  const ec::G2Affine q = testing::random_g2();
  const auto started = std::chrono::steady_clock::now();
  Builder b(Mode::kWitness);
  EmulatedFq fq(b);
  EmulatedTower tower(fq);
  EmulatedG1 g1(fq);
  EmulatedG2 g2(tower);
  EmulatedPairing pairing(tower);
  const std::vector<G1Var> ps{g1.private_input(p)};
  const std::vector<G2Var> qs{g2.private_input(q)};
  const Fq12Var f = pairing.ate_miller_loop(ps, qs);
  EXPECT_EQ(pairing::final_exponentiation(tower.value(f)), pairing::pairing(p, q));
  EXPECT_FALSE(b.first_violation().has_value()) << *b.first_violation();
  std::cout << "miller loop, one variable pair (plain): " << b.constraints() << " constraints, built with its witness in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
}

// The residue witness natively: for a loop value whose final exponentiation is 1,
// f w^k = c^(6x+2) c^q c^(-q^2) c^(q^3); none for a product of pairings that is not 1.
TEST(ResidueWitness, ExistsExactlyWhenTheProductIsOne) {
  const ec::G1Affine p = testing::random_g1();
  const ec::G2Affine q = testing::random_g2();
  const ff::Fq12& w = native::root_of_unity_27();
  EXPECT_TRUE(native::pow(w, std::vector<std::uint64_t>{27}).is_one());
  EXPECT_FALSE(native::pow(w, std::vector<std::uint64_t>{9}).is_one());

  const std::vector<ec::G1Affine> ps{p, -p};
  const std::vector<ec::G2Affine> qs{q, q};
  const Fq12 f = native::affine_miller_loop(ps, qs, native::ate_digits(), true);
  EXPECT_TRUE(pairing::final_exponentiation(f).is_one());
  const auto witness = native::residue_witness(f);
  ASSERT_TRUE(witness.has_value());
  Fq12 u = Fq12::one();
  for (int i = 0; i < witness->w_power; ++i) u = u * w;
  const unsigned __int128 six_x_plus_2 = static_cast<unsigned __int128>(4965661367192848881ULL) * 6 + 2;  // 65 bits
  const std::vector<std::uint64_t> exponent{static_cast<std::uint64_t>(six_x_plus_2),
                                            static_cast<std::uint64_t>(six_x_plus_2 >> 64)};
  const Fq12& c = witness->c;
  const Fq12 c_lambda = native::pow(c, exponent) * c.frobenius(1) *
                        c.frobenius(2).inverse() * c.frobenius(3);
  EXPECT_EQ(f * u, c_lambda);

  const std::vector<ec::G1Affine> same{p, p};
  EXPECT_FALSE(native::residue_witness(native::affine_miller_loop(same, qs, native::ate_digits(), true)).has_value());
}

// The whole check in the circuit: e(P, Q) e(-P, Q) = 1 is satisfiable, e(P, Q)^2 = 1
// is not.
TEST(EmulatedPairing, ProductOfPairingsIsOne) {
  const ec::G1Affine p = testing::random_g1();
  const ec::G2Affine q = testing::random_g2();
  for (const bool balanced : {true, false}) {
    const auto started = std::chrono::steady_clock::now();
    Builder b(Mode::kWitness);
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    EmulatedG1 g1(fq);
    EmulatedG2 g2(tower);
    EmulatedPairing pairing(tower);
    const std::vector<G1Var> ps{g1.private_input(p), g1.private_input(balanced ? -p : p)};
    const G2Var qv = g2.private_input(q);
    const std::vector<G2Var> qs{qv, qv};
    const std::size_t before = b.constraints();
    pairing.assert_product_is_one(ps, qs);
    EXPECT_EQ(!b.first_violation().has_value(), balanced) << b.first_violation().value_or("");
    if (balanced) {
      std::cout << "pairing check, two variable pairs (plain): " << b.constraints() - before << " constraints in "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
    }
  }
}

}  // namespace
}  // namespace proofagg::circuit
