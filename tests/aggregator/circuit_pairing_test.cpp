// The in-circuit Miller loop (plain mode) against the native loop with the same
// affine lines (exact values), the full optimal ate loop against kernels/pairing
// (its final exponentiation is e(P, Q)), the residue witness natively, and the
// whole pairing check in the circuit.
#include <gtest/gtest.h>

#include <chrono>

#include "aggregator/circuit/std/pairing.hpp"
#include "kernels/pairing/multi_pairing.hpp"
#include "kernels/pairing/pairing.hpp"
#include "tests/support/circuits.hpp"
#include "tests/support/random.hpp"

namespace proofagg::circuit {
namespace {

using ff::Fq;
using ff::Fq12;
using ff::Fq2;
using Mode = Builder::Mode;

// A witness-mode builder with every gadget the pairing needs.
struct PairingCircuit {
  explicit PairingCircuit(Builder::Arithmetic arithmetic) : b(Mode::kWitness, arithmetic) {}
  Builder b;
  EmulatedFq fq{b};
  EmulatedTower tower{fq};
  EmulatedG1 g1{fq};
  EmulatedG2 g2{tower};
  EmulatedPairing pairing{tower};
};

// The circuit's loop equals the native loop with the same affine lines, exactly.
class EmulatedPairingModes : public ::testing::TestWithParam<Builder::Arithmetic> {};
INSTANTIATE_TEST_SUITE_P(Arithmetic, EmulatedPairingModes, ::testing::ValuesIn(testing::kBothArithmetics),
                         testing::arithmetic_name);

TEST_P(EmulatedPairingModes, ShortLoopsMatchTheNativeAffineLoopExactly) {
  const ec::G1Affine p = testing::random_g1();
  const ec::G2Affine q = testing::random_g2();
  const std::vector<int> digits{0, 1, -1, 0};
  PairingCircuit c(GetParam());
  const std::vector<G1Var> ps{c.g1.private_input(p)};
  const std::vector<G2Var> qs{c.g2.private_input(q)};
  const Fq12Var f = c.pairing.miller_loop(ps, qs, digits, false);
  const std::vector<ec::G1Affine> p_values{p};
  const std::vector<ec::G2Affine> q_values{q};
  EXPECT_EQ(c.tower.value(f), native::affine_miller_loop(p_values, q_values, digits, false));
  EXPECT_TRUE(testing::satisfied(c.b)) << c.b.first_violation().value_or("");
}

// A pair with a fixed G2 point (precomputed lines) next to a variable one: the
// same value as the native loop.
TEST_P(EmulatedPairingModes, FixedG2LinesGiveTheSameLoop) {
  const ec::G1Affine p1 = testing::random_g1(), p2 = testing::random_g1();
  const ec::G2Affine q1 = testing::random_g2(), q2 = testing::random_g2();
  const std::vector<int> digits{0, 1, 0, -1};
  PairingCircuit c(GetParam());
  const std::vector<G1Var> pv{c.g1.private_input(p1)}, pf{c.g1.private_input(p2)};
  const std::vector<G2Var> qv{c.g2.private_input(q1)};
  const std::vector<FixedG2Lines> qf{FixedG2Lines::prepare(q2, digits, true)};
  const Fq12Var f = c.pairing.miller_loop({pv, qv, pf, qf}, digits, true);
  const std::vector<ec::G1Affine> p_values{p1, p2};
  const std::vector<ec::G2Affine> q_values{q1, q2};
  EXPECT_EQ(c.tower.value(f), native::affine_miller_loop(p_values, q_values, digits, true));
  EXPECT_TRUE(testing::no_violation(c.b)) << c.b.first_violation().value_or("");
}

// The pairing check with fixed G2 points, as a verifying key's are: e(P, Q) e(-P, Q) = 1
// holds, e(P, Q) e(P, Q) = 1 does not.
TEST_P(EmulatedPairingModes, ProductOfPairingsWithFixedG2) {
  const ec::G1Affine p = testing::random_g1();
  const FixedG2Lines q = FixedG2Lines::prepare_ate(testing::random_g2());
  for (const bool balanced : {true, false}) {
    const auto started = std::chrono::steady_clock::now();
    PairingCircuit c(GetParam());
    const std::vector<G1Var> ps{c.g1.private_input(p), c.g1.private_input(balanced ? -p : p)};
    const std::vector<FixedG2Lines> qs{q, q};
    const std::size_t before = c.b.constraints();
    c.pairing.assert_product_is_one({{}, {}, ps, qs});
    EXPECT_EQ(testing::no_violation(c.b), balanced) << c.b.first_violation().value_or("");
    if (balanced) {
      std::cout << "pairing check, two fixed-G2 pairs (" << testing::arithmetic_label(GetParam()) << "): " << c.b.constraints() - before << " constraints in "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
    }
  }
}

// The whole optimal ate loop for one pair:
// after kernels' final exponentiation, the circuit's value is the pairing.
TEST_P(EmulatedPairingModes, TheAteLoopGivesThePairing) {
  const ec::G1Affine p = testing::random_g1();
  const ec::G2Affine q = testing::random_g2();
  const auto started = std::chrono::steady_clock::now();
  PairingCircuit c(GetParam());
  const std::vector<G1Var> ps{c.g1.private_input(p)};
  const std::vector<G2Var> qs{c.g2.private_input(q)};
  const Fq12Var f = c.pairing.ate_miller_loop(ps, qs);
  EXPECT_EQ(pairing::final_exponentiation(c.tower.value(f)), pairing::pairing(p, q));
  EXPECT_TRUE(testing::no_violation(c.b)) << c.b.first_violation().value_or("");
  std::cout << "miller loop, one variable pair (" << testing::arithmetic_label(GetParam()) << "): " << c.b.constraints() << " constraints, built with its witness in "
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
TEST_P(EmulatedPairingModes, ProductOfPairingsIsOne) {
  const ec::G1Affine p = testing::random_g1();
  const ec::G2Affine q = testing::random_g2();
  for (const bool balanced : {true, false}) {
    const auto started = std::chrono::steady_clock::now();
    PairingCircuit c(GetParam());
    const std::vector<G1Var> ps{c.g1.private_input(p), c.g1.private_input(balanced ? -p : p)};
    const G2Var qv = c.g2.private_input(q);
    const std::vector<G2Var> qs{qv, qv};
    const std::size_t before = c.b.constraints();
    c.pairing.assert_product_is_one(ps, qs);
    EXPECT_EQ(testing::no_violation(c.b), balanced) << c.b.first_violation().value_or("");
    if (balanced) {
      std::cout << "pairing check, two variable pairs (" << testing::arithmetic_label(GetParam()) << "): " << c.b.constraints() - before << " constraints in "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
    }
  }
}

}  // namespace
}  // namespace proofagg::circuit
