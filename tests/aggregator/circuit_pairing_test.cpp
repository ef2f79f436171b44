// The in-circuit Miller loop (plain mode) against the native loop with the same
// affine lines (exact values), the full optimal ate loop against kernels/pairing
// (its final exponentiation is e(P, Q)), the residue witness natively, and the
// whole pairing check in the circuit.
#include <gtest/gtest.h>

#include <chrono>

#include "aggregator/circuit/std/pairing.hpp"
#include "kernels/pairing/multi_pairing.hpp"
#include "kernels/pairing/pairing.hpp"
#include "kernels/ff/codec.hpp"
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
  explicit PairingCircuit(Builder::Arithmetic arithmetic, Mode mode = Mode::kWitness) : b(mode, arithmetic) {}
  Builder b;
  EmulatedFq fq{b};
  EmulatedTower tower{fq};
  EmulatedG1 g1{fq};
  EmulatedG2 g2{tower};
  EmulatedPairing pairing{tower};
};

// The circuit's loop equals the native loop with the same affine lines, exactly.
PROOFAGG_IN_BOTH_ARITHMETICS(EmulatedPairingModes);

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

// Fixed pairs go two at a time (their lines multiplied together first), an odd one
// alone: three fixed pairs next to a variable one give the native loop's value.
TEST_P(EmulatedPairingModes, FixedPairsInTwosAndAloneGiveTheSameLoop) {
  const std::vector<int> digits{0, -1, 0, 1};
  std::vector<ec::G1Affine> p_values;
  std::vector<ec::G2Affine> q_values;
  for (int i = 0; i < 4; ++i) {
    p_values.push_back(testing::random_g1());
    q_values.push_back(testing::random_g2());
  }
  PairingCircuit c(GetParam());
  const std::vector<G1Var> pv{c.g1.private_input(p_values[0])};
  const std::vector<G2Var> qv{c.g2.private_input(q_values[0])};
  std::vector<G1Var> pf;
  std::vector<FixedG2Lines> qf;
  for (int i = 1; i < 4; ++i) {
    pf.push_back(c.g1.private_input(i == 2 ? -p_values[i] : p_values[i]));
    qf.push_back(FixedG2Lines::prepare(q_values[i], digits, true));
  }
  p_values[2] = -p_values[2];  // a negated point, as a verifier's -L and -C
  const Fq12Var f = c.pairing.miller_loop({pv, qv, pf, qf}, digits, true);
  EXPECT_EQ(c.tower.value(f), native::affine_miller_loop(p_values, q_values, digits, true));
  EXPECT_TRUE(testing::no_violation(c.b)) << c.b.first_violation().value_or("");
}

// The wires of two steps over a pair of fixed pairs (the coordinates' products, the
// lines' product, f's reductions) are pinned down: changing any one of them breaks
// the system. Every wire in committed mode; every 16th in plain mode, whose bit
// decompositions make the system too large to try each of its tens of thousands of wires.
TEST_P(EmulatedPairingModes, TheFixedLinePairsWiresArePinned) {
  const std::vector<int> digits{0, 0};
  const ec::G1Affine p1 = testing::random_g1(), p2 = testing::random_g1();
  const std::vector<FixedG2Lines> qf{FixedG2Lines::prepare(testing::random_g2(), digits, false),
                                     FixedG2Lines::prepare(testing::random_g2(), digits, false)};
  PairingCircuit c(GetParam());
  const std::vector<G1Var> pf{c.g1.private_input(p1), c.g1.private_input(p2)};
  const auto first_internal = static_cast<std::uint32_t>(c.b.wires());
  (void)c.pairing.miller_loop({{}, {}, pf, qf}, digits, false);
  std::vector<std::uint32_t> positions = testing::positions_from(c.b, first_internal);
  if (GetParam() == Builder::Arithmetic::kPlain) {
    std::vector<std::uint32_t> sampled;
    for (std::size_t i = 0; i < positions.size(); i += 16) sampled.push_back(positions[i]);
    positions = std::move(sampled);
  }
  testing::expect_each_change_breaks(c.b, positions);
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
// f w^k = c^(6x+2) c^q c^(-q^2) c^(q^3); none for a product of pairings that is not 1;
// moved out of Fq6* for the torus.
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

  // Here f lies in Fq6* (the lines at P and -P multiply to even powers of w), and so
  // does c, whose class the torus cannot represent: torus_representable moves it out
  // by a factor whose class has order r, which c^lambda's class does not see.
  EXPECT_TRUE(f.c1.is_zero());
  ASSERT_TRUE(c.c1.is_zero());
  const Fq12 moved = native::torus_representable(c);
  EXPECT_FALSE(moved.c1.is_zero());
  EXPECT_TRUE(native::pow(moved * c.inverse(), ff::FrParams::modulus().v).c1.is_zero());
  EXPECT_EQ(native::torus_representable(moved), moved);

  const std::vector<ec::G1Affine> same{p, p};
  EXPECT_FALSE(native::residue_witness(native::affine_miller_loop(same, qs, native::ate_digits(), true)).has_value());
}

// Why the pairing check needs no separate G2 subgroup check: its loop computes
// T = [6x+2]Q + psi(Q) - psi^2(Q), and phi(Q) = T + psi^3(Q) is O exactly for Q in
// G2. On G2, psi is [p] and 6x+2 + p - p^2 + p^3 = 0 mod r. The twist group has order
// r h' with h' = 2p - r = 10069 * 5864401 * 1875725156269 * l (l prime; squarefree
// and prime to r), so it is cyclic and psi acts on it as a scalar m, phi as f(m):
// phi's kernel is G2 alone iff phi(R) still has order h' for an R of order h'.
TEST(G2MembershipInTheLoop, PhiVanishesExactlyOnG2) {
  const unsigned __int128 six_x_plus_2 = static_cast<unsigned __int128>(4965661367192848881ULL) * 6 + 2;
  const ff::Limbs loop_scalar{{static_cast<std::uint64_t>(six_x_plus_2), static_cast<std::uint64_t>(six_x_plus_2 >> 64), 0, 0}};
  const auto phi = [&](const ec::G2& q) {
    const ec::G2 psi1 = ec::g2_psi(q), psi2 = ec::g2_psi(psi1), psi3 = ec::g2_psi(psi2);
    return ec::g2_mul(q, loop_scalar) + psi1 - psi2 + psi3;
  };
  const ec::G2 in_g2 = ec::G2::from_affine(testing::random_g2());
  EXPECT_TRUE(phi(in_g2).is_infinity());
  // A twist point outside G2, then R = [r] P: its cofactor part.
  const ec::G2Affine outside = testing::twist_point_outside_g2();
  const ec::G2 r_point = ec::g2_mul(ec::G2::from_affine(outside), ff::FrParams::modulus());
  const ec::G2 phi_r = phi(r_point);
  // h' / l for each prime l | h'.
  for (const char* cofactor_over_l : {"2173824895405628684302950218021379986974303100027769687325441613140792921",
                                      "3732391913827051598662234343329740767871136014433462681300250716605949",
                                      "11669216462062662656933279136840782979313034970430607465091777121",
                                      "110759045130759085200961"}) {
    const auto k = ff::limbs_from_decimal(cofactor_over_l);
    ASSERT_TRUE(k.ok());
    EXPECT_FALSE(ec::g2_mul(r_point, *k).is_infinity()) << "R has order h'";
    EXPECT_FALSE(ec::g2_mul(phi_r, *k).is_infinity()) << "phi is injective on the cofactor part";
  }
}

// A twist point outside G2 is refused by the pairing check itself (values only: the
// plain system is millions of constraints).
TEST_P(EmulatedPairingModes, TheCheckRefusesG2PointsOutsideTheSubgroup) {
  const ec::G2Affine outside = testing::twist_point_outside_g2();
  const ec::G1Affine p = testing::random_g1();
  {  // The product is 1 for this point too (the loop is bilinear in P): only the
     // membership check can refuse it.
    const std::vector<ec::G1Affine> ps{p, -p};
    const std::vector<ec::G2Affine> qs{outside, outside};
    ASSERT_TRUE(native::residue_witness(native::affine_miller_loop(ps, qs, native::ate_digits(), true)).has_value());
  }
  for (const bool in_g2 : {true, false}) {
    PairingCircuit c(GetParam(), Mode::kWitnessOnly);
    const ec::G2Affine q = in_g2 ? testing::random_g2() : outside;
    const std::vector<G1Var> ps{c.g1.private_input(p), c.g1.private_input(-p)};
    const G2Var qv = c.g2.private_input(q);
    const std::vector<G2Var> qs{qv, qv};
    c.pairing.assert_product_is_one(ps, qs);
    EXPECT_EQ(testing::no_violation(c.b), in_g2) << c.b.first_violation().value_or("");
  }
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
