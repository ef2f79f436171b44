// Fq2 and Fq12 in a circuit (plain mode) against kernels/ff: the w basis maps onto
// kernels' tower, products, sparse line products, conjugates and divisions agree on
// random and edge values; hints are pinned down; false equalities are unsatisfiable.
#include <gtest/gtest.h>

#include "aggregator/circuit/std/tower.hpp"
#include "tests/support/circuits.hpp"
#include "tests/support/random.hpp"

namespace proofagg::circuit {
namespace {

using ff::Fq;
using ff::Fq12;
using ff::Fq2;
using Mode = Builder::Mode;

Fq2 random_fq2() { return {testing::random_element<Fq>(), testing::random_element<Fq>()}; }
Fq12 random_fq12() {
  std::array<Fq2, 6> c;
  for (Fq2& x : c) x = random_fq2();
  return EmulatedTower::from_w_basis(c);
}

using testing::satisfied;

PROOFAGG_IN_BOTH_ARITHMETICS(EmulatedTowerModes);

TEST(EmulatedTower, TheWBasisIsKernelsTower) {
  const Fq12 x = random_fq12();
  EXPECT_EQ(EmulatedTower::from_w_basis(EmulatedTower::to_w_basis(x)), x);
  // w itself: kernels' (0 + 1 w) has coefficient 1 at w^1; w^2 = v.
  const Fq12 w{ff::Fq6::zero(), ff::Fq6::one()};
  EXPECT_EQ(EmulatedTower::to_w_basis(w)[1], Fq2::one());
  EXPECT_EQ(EmulatedTower::to_w_basis(w * w)[2], Fq2::one());
  Fq12 w6 = w;
  for (int i = 0; i < 5; ++i) w6 = w6 * w;
  EXPECT_EQ(EmulatedTower::to_w_basis(w6)[0], Fq2::one().mul_by_xi());  // w^6 = xi
}

TEST_P(EmulatedTowerModes, Fq2MatchesKernels) {
  const std::vector<Fq2> values{Fq2::zero(), Fq2::one(), {-Fq::one(), -Fq::one()}, random_fq2(), random_fq2()};
  for (const Fq2& x : values) {
    for (const Fq2& y : values) {
      Builder b(Mode::kWitness, GetParam());
      EmulatedFq fq(b);
      EmulatedTower t(fq);
      const Fq2Var a = t.private_input(x), c = t.private_input(y);
      EXPECT_EQ(t.value(t.mul(a, c)), x * y);
      EXPECT_EQ(t.value(t.square(a)), x.square());
      EXPECT_EQ(t.value(t.mul_by_xi(a)), x.mul_by_xi());
      EXPECT_EQ(t.value(t.conjugate(a)), (Fq2{x.c0, -x.c1}));
      EXPECT_EQ(t.value(t.sub(a, c)), x - y);
      if (!y.is_zero()) {
        EXPECT_EQ(t.value(t.div(a, c)), x * y.inverse());
      }
      EXPECT_TRUE(satisfied(b)) << b.first_violation().value_or("");
    }
  }
}

TEST_P(EmulatedTowerModes, Fq12ProductsMatchKernels) {
  for (int round = 0; round < 2; ++round) {
    const Fq12 x = random_fq12(), y = round == 0 ? random_fq12() : Fq12::one();
    const Fq2 d0 = random_fq2(), d3 = random_fq2(), d4 = random_fq2();
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedTower t(fq);
    const Fq12Var a = t.private_input(x), c = t.private_input(y);
    EXPECT_EQ(t.value(t.mul(a, c)), x * y);
    EXPECT_EQ(t.value(t.square(a)), x.square());
    EXPECT_EQ(t.value(t.conjugate(a)), x.conjugate());
    EXPECT_EQ(t.value(t.mul_by_line(a, t.private_input(d0), t.private_input(d3), t.private_input(d4))),
              x.mul_by_034(d0, d3, d4));
    EXPECT_EQ(t.value(t.div(a, c)), x * y.inverse());
    const std::array<Fq2, 5> e{random_fq2(), random_fq2(), random_fq2(), random_fq2(), random_fq2()};
    const std::array<Fq2Var, 5> ev{t.private_input(e[0]), t.private_input(e[1]), t.private_input(e[2]),
                                   t.private_input(e[3]), t.private_input(e[4])};
    EXPECT_EQ(t.value(t.mul_by_line_product(a, ev)),
              x * EmulatedTower::from_w_basis({e[0], e[1], e[2], e[3], e[4], Fq2::zero()}));
    EXPECT_TRUE(satisfied(b)) << b.first_violation().value_or("");
  }
}

TEST_P(EmulatedTowerModes, HintsArePinnedAndFalseEqualitiesFail) {
  Builder b(Mode::kWitness, GetParam());
  EmulatedFq fq(b);
  EmulatedTower t(fq);
  const Fq2Var a = t.private_input(random_fq2()), c = t.private_input(random_fq2());
  const auto first_internal = static_cast<std::uint32_t>(b.wires());
  (void)t.div(a, c);
  testing::expect_each_change_breaks(b, testing::positions_from(b, first_internal));

  Builder wrong(Mode::kWitness, GetParam());
  EmulatedFq fq2(wrong);
  EmulatedTower t2(fq2);
  const Fq12 x = random_fq12();
  t2.assert_equal(t2.square(t2.private_input(x)), t2.constant(x * x + Fq12::one()));
  EXPECT_FALSE(satisfied(wrong));
  Builder zero(Mode::kWitness, GetParam());
  EmulatedFq fq3(zero);
  EmulatedTower t3(fq3);
  (void)t3.div(t3.private_input(Fq2::zero()), t3.private_input(Fq2::zero()));  // 0 / 0 too
  EXPECT_FALSE(satisfied(zero));
}

}  // namespace
}  // namespace proofagg::circuit
