// Fq2, Fq12 and the torus Fq12*/Fq6* in a circuit against kernels/ff: the w basis
// maps onto kernels' tower, products, sparse line products, conjugates, divisions and
// torus classes agree on random and edge values; hints are pinned down; false
// equalities and the torus's degenerate products are unsatisfiable.
#include <gtest/gtest.h>

#include <functional>

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
    const SparseFq12 line{t.private_input(d0), t.private_input(d3), std::nullopt, t.private_input(d4), std::nullopt,
                          std::nullopt};
    EXPECT_EQ(t.value(t.mul_sparse(a, line)), x.mul_by_034(d0, d3, d4));
    const std::array<Fq2, 5> e{random_fq2(), random_fq2(), random_fq2(), random_fq2(), random_fq2()};
    const SparseFq12 ev{t.private_input(e[0]), t.private_input(e[1]), t.private_input(e[2]),
                        t.private_input(e[3]), t.private_input(e[4]), std::nullopt};
    EXPECT_EQ(t.value(t.mul_sparse(a, ev)),
              x * EmulatedTower::from_w_basis({e[0], e[1], e[2], e[3], e[4], Fq2::zero()}));
    EXPECT_TRUE(satisfied(b)) << b.first_violation().value_or("");
  }
}

// The representative g + w of x's class modulo Fq6* (x's w half nonzero).
Fq12 torus_class(const Fq12& x) { return {x.c0 * x.c1.inverse(), ff::Fq6::one()}; }

SparseFq12 sparse_input(EmulatedTower& t, const std::array<Fq2, 6>& c, std::initializer_list<std::size_t> present) {
  SparseFq12 out;
  for (const std::size_t k : present) out[k] = t.private_input(c[k]);
  return out;
}

// Every torus operation gives the class of the kernels' product, for the shapes the
// pairing check uses: a line (w^0, w^1, w^3), two fixed lines' product (w^0..w^4), a
// dense constant.
TEST_P(EmulatedTowerModes, TorusOperationsGiveTheClassOfTheProduct) {
  const Fq12 x = random_fq12(), y = random_fq12();
  std::array<Fq2, 6> line;
  for (Fq2& coefficient : line) coefficient = random_fq2();
  Builder b(Mode::kWitness, GetParam());
  EmulatedFq fq(b);
  EmulatedTower t(fq);
  const TorusVar g = t.torus_witness(x), h = t.torus_witness(y);
  EXPECT_EQ(t.value(g), torus_class(x));
  EXPECT_EQ(t.value(t.torus_square(g)), torus_class(x.square()));
  EXPECT_EQ(t.value(t.torus_mul(g, h)), torus_class(x * y));
  EXPECT_EQ(t.value(t.torus_inverse(g)), torus_class(x.inverse()));
  for (const auto& present : {std::initializer_list<std::size_t>{0, 1, 3}, {0, 1, 2, 3, 4}, {0, 1, 2, 3, 4, 5}}) {
    std::array<Fq2, 6> used{};
    for (const std::size_t k : present) used[k] = line[k];
    EXPECT_EQ(t.value(t.torus_mul(g, sparse_input(t, line, present))),
              torus_class(x * EmulatedTower::from_w_basis(used)));
  }
  for (const int k : {1, 2, 3}) EXPECT_EQ(t.value(t.torus_frobenius(g, k)), torus_class(x.frobenius(k))) << k;
  EXPECT_TRUE(satisfied(b)) << b.first_violation().value_or("");
}

// Each product's hint is pinned: changing any wire from the first hint on breaks the
// system.
TEST_P(EmulatedTowerModes, TorusHintsArePinned) {
  std::array<Fq2, 6> line;
  for (Fq2& coefficient : line) coefficient = random_fq2();
  Builder b(Mode::kWitness, GetParam());
  EmulatedFq fq(b);
  EmulatedTower t(fq);
  const TorusVar g = t.torus_witness(random_fq12()), h = t.torus_witness(random_fq12());
  const SparseFq12 l = sparse_input(t, line, {0, 1, 3});
  const auto first_internal = static_cast<std::uint32_t>(b.wires());
  (void)t.torus_square(g);
  (void)t.torus_mul(g, h);
  (void)t.torus_mul(g, l);
  std::vector<std::uint32_t> sampled;  // every 5th wire: the whole set takes minutes in plain mode
  for (const std::uint32_t wire : testing::positions_from(b, first_internal)) {
    if (wire % 5 == 0) sampled.push_back(wire);
  }
  testing::expect_each_change_breaks(b, sampled);
}

// The edges no hint can pass: g = 0 squared (its square is Fq6*'s class), g + h = 0
// multiplied (a product in Fq6*), a false class equality.
TEST_P(EmulatedTowerModes, TorusEdgesAreUnsatisfiable) {
  const Fq12 x = random_fq12();
  const auto refused = [&](const std::function<void(EmulatedTower&)>& gadget) {
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedTower t(fq);
    gadget(t);
    return !satisfied(b);
  };
  const Fq12 w{ff::Fq6::zero(), ff::Fq6::one()};  // the class of w: g = 0
  EXPECT_TRUE(refused([&](EmulatedTower& t) { (void)t.torus_square(t.torus_witness(w)); }));
  EXPECT_TRUE(refused([&](EmulatedTower& t) {
    const TorusVar g = t.torus_witness(x);
    (void)t.torus_mul(g, t.torus_inverse(g));
  }));
  // A zero factor is not refused but leaves g' free: torus_mul's precondition, met by
  // its callers (lines through points of G1, whose y_P != 0, and nonzero constants).
  EXPECT_FALSE(refused([&](EmulatedTower& t) {
    (void)t.torus_mul(t.torus_witness(x), sparse_input(t, {}, {0, 1, 3}));
  }));
  EXPECT_TRUE(refused([&](EmulatedTower& t) {
    t.assert_equal(t.torus_square(t.torus_witness(x)), t.torus_witness(x * x + Fq12::one()));
  }));
  EXPECT_FALSE(refused([&](EmulatedTower& t) {
    t.assert_equal(t.torus_square(t.torus_witness(x)), t.torus_witness(x * x * EmulatedTower::from_w_basis({random_fq2(), {}, random_fq2(), {}, random_fq2(), {}})));
  })) << "a factor in Fq6* leaves the class alone";
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
