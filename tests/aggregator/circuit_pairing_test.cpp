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

}  // namespace
}  // namespace proofagg::circuit
