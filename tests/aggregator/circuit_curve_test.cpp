// G1 and G2 in a circuit (plain mode) against kernels/ec: additions, doublings, the curve
// check (points off the curve and EVM's (0, 0) infinity refused), exceptional
// additions (P + P, P - P) unsatisfiable rather than free, and multi-scalar
// multiplication with and without a base, including zero scalars.
#include <gtest/gtest.h>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/curve.hpp"
#include "tests/support/circuits.hpp"
#include "tests/support/random.hpp"

namespace proofagg::circuit {
namespace {

using ec::G1Affine;
using ff::Fq;
using Mode = Builder::Mode;

using testing::satisfied;

G1Affine times(const G1Affine& p, std::uint64_t k) {
  return ec::g1_mul(ec::G1::from_affine(p), ff::Limbs{{k, 0, 0, 0}}).to_affine();
}

PROOFAGG_IN_BOTH_ARITHMETICS(EmulatedG1Modes);

PROOFAGG_IN_BOTH_ARITHMETICS(EmulatedG2Modes);

TEST(EmulatedG1, TheOffsetPointIsOnTheCurve) {
  EXPECT_TRUE(EmulatedG1::offset_point().is_on_curve());
  EXPECT_FALSE(EmulatedG1::offset_point().is_infinity());
}

TEST_P(EmulatedG1Modes, AddDoubleNegMatchKernels) {
  const G1Affine p = testing::random_g1(), q = testing::random_g1();
  Builder b(Mode::kWitness, GetParam());
  EmulatedFq fq(b);
  EmulatedG1 g1(fq);
  const G1Var pv = g1.private_input(p), qv = g1.private_input(q);
  EXPECT_EQ(g1.value(g1.add(pv, qv)), (ec::G1::from_affine(p) + ec::G1::from_affine(q)).to_affine());
  EXPECT_EQ(g1.value(g1.dbl(pv)), ec::G1::from_affine(p).dbl().to_affine());
  EXPECT_EQ(g1.value(g1.neg(pv)), -p);
  g1.assert_equal(g1.add(pv, qv), g1.add(qv, pv));
  EXPECT_TRUE(satisfied(b)) << b.first_violation().value_or("");
}

// Doubling proves no 2y != 0 (no point of order 2 exists), so its slope rests on
// lambda 2y = 3x^2 alone: every wire of a doubling, slope included, is pinned down.
TEST_P(EmulatedG1Modes, EveryWireOfADoublingIsPinnedDown) {
  Builder b(Mode::kWitness, GetParam());
  EmulatedFq fq(b);
  EmulatedG1 g1(fq);
  const G1Var pv = g1.private_input(testing::random_g1());
  const auto first_internal = static_cast<std::uint32_t>(b.wires());
  FqVar slope;
  (void)g1.dbl(pv, &slope);
  testing::expect_each_change_breaks(b, testing::positions_from(b, first_internal));
}

TEST_P(EmulatedG1Modes, RefusesPointsOffTheCurveAndExceptionalAdditions) {
  const G1Affine p = testing::random_g1();
  for (const G1Affine& bad : {G1Affine{p.x, p.y + Fq::one()}, G1Affine::infinity()}) {
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedG1 g1(fq);
    (void)g1.private_input(bad);
    EXPECT_FALSE(satisfied(b));
  }
  for (const bool opposite : {false, true}) {
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedG1 g1(fq);
    const G1Var pv = g1.private_input(p);
    (void)g1.add(pv, opposite ? g1.neg(pv) : pv);  // x1 = x2: no slope may be picked freely
    EXPECT_FALSE(satisfied(b));
  }
}

TEST_P(EmulatedG1Modes, MultiScalarMultiplication) {
  const G1Affine p = testing::random_g1(), q = testing::random_g1(), base = testing::random_g1();
  const auto run = [&](std::uint64_t kp, std::uint64_t kq, bool with_base) {
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedG1 g1(fq);
    const std::vector<G1Var> points{g1.private_input(p), g1.private_input(q)};
    const G1Var base_var = g1.private_input(base);
    std::vector<std::vector<Variable>> scalars;
    for (const std::uint64_t k : {kp, kq}) scalars.push_back(to_bits(b, b.private_input(Fr::from_u64(k)), 12));
    const G1Var out = g1.multi_scalar_mul(points, scalars, with_base ? &base_var : nullptr);
    ec::G1 expected = ec::G1::from_affine(times(p, kp)) + ec::G1::from_affine(times(q, kq));
    if (with_base) expected = expected + ec::G1::from_affine(base);
    if (satisfied(b)) {
      EXPECT_EQ(g1.value(out), expected.to_affine());
    }
    return satisfied(b);
  };
  EXPECT_TRUE(run(1234, 4001, false));
  EXPECT_TRUE(run(4095, 1, true));
  EXPECT_TRUE(run(0, 0, true));    // zero scalars with a base: the base
  EXPECT_TRUE(run(0, 77, false));  // one zero scalar
  EXPECT_FALSE(run(0, 0, false));  // the point at infinity has no affine form: unsatisfiable
}

// The windows: scalars of every length around the window's size (a short top window,
// a scalar shorter than one window) in one multiplication, every digit value of a
// window, a full 254-bit scalar; and a sample of the wires it makes, each pinned down.
TEST_P(EmulatedG1Modes, MultiScalarMultiplicationOverWindows) {
  const std::vector<std::size_t> lengths{1, 2, 3, 4, 5, 7, 254};
  std::vector<G1Affine> points;
  for (std::size_t i = 0; i < lengths.size(); ++i) points.push_back(testing::random_g1());
  const G1Affine base = testing::random_g1();  // so that all-zero digits (round 0) have a result
  for (int round = 0; round < 9; ++round) {
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedG1 g1(fq);
    std::vector<G1Var> vars;
    std::vector<std::vector<Variable>> scalars;
    ec::G1 expected = ec::G1::from_affine(base);
    const G1Var base_var = g1.private_input(base);
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      vars.push_back(g1.private_input(points[i]));
      // Rounds 0-7 give every window the digit `round` (where it fits); round 8 is random.
      ff::Limbs k{};
      for (std::size_t bit = 0; bit < lengths[i] && bit < 253; ++bit) {
        const bool set = round < 8 ? ((round >> (bit % 3)) & 1) != 0 : (testing::rng()() & 1) != 0;
        if (set) k.v[bit / 64] |= std::uint64_t{1} << (bit % 64);
      }
      const Variable kv = b.private_input(Fr::from_canonical(k));
      scalars.push_back(lengths[i] == 254 ? to_bits_below_r(b, kv) : to_bits(b, kv, lengths[i]));
      expected = expected + ec::g1_mul(ec::G1::from_affine(points[i]), k);
    }
    const std::uint32_t first = static_cast<std::uint32_t>(b.wires());
    const G1Var out = g1.multi_scalar_mul(vars, scalars, &base_var);
    ASSERT_TRUE(satisfied(b)) << "round " << round << ": " << b.first_violation().value_or("");
    EXPECT_EQ(g1.value(out), expected.to_affine()) << "round " << round;
    if (round == 8) {
      std::vector<std::uint32_t> sample;
      const std::uint32_t step = std::max<std::uint32_t>(1, (static_cast<std::uint32_t>(b.wires()) - first) / 16);
      for (std::uint32_t w = first; w < b.wires(); w += step) sample.push_back(w);
      testing::expect_each_change_breaks(b, sample);
    }
  }
}

// Fixed points (a key's IC): windows of constants selected by the bits. Scalars of
// any length (13 bits: a partial last window; 254-bit r - 1), zero scalars with the
// base, and the window table itself.
TEST_P(EmulatedG1Modes, FixedBaseMultiScalarMultiplication) {
  const G1Affine p = testing::random_g1(), q = testing::random_g1(), base = testing::random_g1();
  const auto run = [&](const Fr& kp, const Fr& kq) {
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedG1 g1(fq);
    const std::vector<G1Affine> points{p, q};
    std::vector<std::vector<Variable>> scalars;
    scalars.push_back(to_bits(b, b.private_input(kp), 13));
    scalars.push_back(to_bits_below_r(b, b.private_input(kq)));
    const G1Var out = g1.fixed_base_msm(points, scalars, g1.private_input(base));
    const ec::G1 expected = ec::g1_mul(ec::G1::from_affine(p), kp.to_canonical()) +
                            ec::g1_mul(ec::G1::from_affine(q), kq.to_canonical()) + ec::G1::from_affine(base);
    EXPECT_EQ(g1.value(out), expected.to_affine());
    return satisfied(b);
  };
  EXPECT_TRUE(run(Fr::from_u64(8191), -Fr::one()));
  EXPECT_TRUE(run(Fr::zero(), Fr::zero()));
  EXPECT_TRUE(run(Fr::from_u64(4096), testing::random_element<Fr>()));

  Builder b(Mode::kWitness, GetParam());
  EmulatedFq fq(b);
  EmulatedG1 g1(fq);
  std::vector<G1Affine> table;
  for (int k = 0; k < 8; ++k) table.push_back(testing::random_g1());
  for (std::uint64_t k = 0; k < 8; ++k) {
    const auto bits = to_bits(b, b.private_input(Fr::from_u64(k)), 3);
    EXPECT_EQ(g1.value(g1.select_constant(bits, table)), table[k]) << k;
  }
  EXPECT_TRUE(satisfied(b));
}

// Canonical coordinates: a point whose x is given as x + p (below 2^256) is on the
// curve for the circuit's arithmetic mod p, so only the canonical check refuses it.
TEST_P(EmulatedG1Modes, CanonicalInputsRefuseCoordinatesPlusP) {
  G1Affine point = testing::random_g1();
  while (point.x.to_canonical().v[3] >= 0x1000000000000000ULL) point = testing::random_g1();  // x + p < 2^256
  {
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedG1 g1(fq);
    const G1Var v = g1.canonical_private_input(point);
    const auto halves = EmulatedFq::halves(v.x);
    const ff::Limbs x = point.x.to_canonical();
    EXPECT_EQ(b.value(halves[0]), Fr::from_canonical(ff::Limbs{{x.v[0], x.v[1], 0, 0}}));
    EXPECT_EQ(b.value(halves[1]), Fr::from_canonical(ff::Limbs{{x.v[2], x.v[3], 0, 0}}));
    EXPECT_TRUE(satisfied(b));
  }
  for (const bool canonical : {false, true}) {
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedG1 g1(fq);
    const ff::Limbs x = point.x.to_canonical(), p = ff::FqParams::modulus();
    G1Var v{{}, fq.private_input(point.y)};
    unsigned __int128 carry = 0;
    for (int i = 0; i < 4; ++i) {  // the limbs of x + p
      const unsigned __int128 sum = static_cast<unsigned __int128>(x.v[i]) + p.v[i] + carry;
      const Variable limb = b.private_input(Fr::from_u64(static_cast<std::uint64_t>(sum)));
      range_check(b, limb, 64);
      v.x.limbs.emplace_back(limb);
      v.x.bits.push_back(64);
      carry = sum >> 64;
    }
    ASSERT_EQ(carry, 0u);
    g1.assert_on_curve(v);
    if (canonical) fq.assert_canonical(v.x);
    EXPECT_EQ(satisfied(b), !canonical);
  }
}

TEST_P(EmulatedG2Modes, AddDoubleAndTheCurveCheck) {
  const ec::G2Affine p = testing::random_g2(), q = testing::random_g2();
  {
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    EmulatedG2 g2(tower);
    const G2Var pv = g2.private_input(p), qv = g2.private_input(q);
    EXPECT_EQ(g2.value(g2.add(pv, qv)), (ec::G2::from_affine(p) + ec::G2::from_affine(q)).to_affine());
    EXPECT_EQ(g2.value(g2.dbl(pv)), ec::G2::from_affine(p).dbl().to_affine());
    EXPECT_EQ(g2.value(g2.neg(pv)), -p);
    EXPECT_TRUE(satisfied(b)) << b.first_violation().value_or("");
  }
  {  // every wire of a doubling (no 2y != 0 proof) is pinned down
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    EmulatedG2 g2(tower);
    const G2Var pv = g2.private_input(p);
    const auto first_internal = static_cast<std::uint32_t>(b.wires());
    (void)g2.dbl(pv);
    testing::expect_each_change_breaks(b, testing::positions_from(b, first_internal));
  }
  for (const ec::G2Affine& bad : {ec::G2Affine{p.x, p.y + ff::Fq2::one()}, ec::G2Affine::infinity()}) {
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    EmulatedG2 g2(tower);
    (void)g2.private_input(bad);
    EXPECT_FALSE(satisfied(b));
  }
  Builder b(Mode::kWitness, GetParam());
  EmulatedFq fq(b);
  EmulatedTower tower(fq);
  EmulatedG2 g2(tower);
  const G2Var pv = g2.private_input(p);
  (void)g2.add(pv, g2.neg(pv));  // P - P: no slope may be picked freely
  EXPECT_FALSE(satisfied(b));
}

TEST_P(EmulatedG2Modes, SubgroupCheckAndPsi) {
  const ec::G2Affine q = testing::random_g2();
  for (const bool inside : {true, false}) {
    const ec::G2Affine point = inside ? q : testing::twist_point_outside_g2();
    ASSERT_TRUE(point.is_on_curve());
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    EmulatedG2 g2(tower);
    const G2Var v = g2.private_input(point);
    if (inside) {
      EXPECT_EQ(g2.value(g2.psi(v)), ec::g2_psi(point));
    }
    const std::size_t before = b.constraints();
    g2.assert_in_subgroup(v);
    EXPECT_EQ(satisfied(b), inside) << (inside ? "a point of G2 refused" : "a point outside G2 accepted");
    if (inside) std::cout << "g2_subgroup_check (" << testing::arithmetic_label(GetParam()) << "): " << b.constraints() - before << " constraints\n";
  }
}

}  // namespace
}  // namespace proofagg::circuit
