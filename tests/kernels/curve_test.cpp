#include <gtest/gtest.h>

#include "kernels/ec/batch_normalize.hpp"
#include "kernels/ec/bn254.hpp"
#include "kernels/ec/fixed_base.hpp"
#include "tests/support/random.hpp"

namespace proofagg::ec {
namespace {

using ff::Limbs;
using testing::random_element;
using testing::random_scalar;

// Plain double-and-add, the reference for the wNAF and GLV paths.
template <class Curve>
Jacobian<Curve> reference_mul(const Jacobian<Curve>& p, const Limbs& k) {
  Jacobian<Curve> acc = Jacobian<Curve>::infinity();
  for (int i = 255; i >= 0; --i) {
    acc = acc.dbl();
    if (ff::limbs_bit(k, i)) acc = acc + p;
  }
  return acc;
}

const Limbs kOrder = ff::FrParams::modulus();

template <class Curve>
void check_group_laws(const Affine<Curve>& pa, const Affine<Curve>& qa, const Affine<Curve>& ra) {
  using J = Jacobian<Curve>;
  const J p = J::from_affine(pa);
  const J q = J::from_affine(qa);
  const J r = J::from_affine(ra);
  EXPECT_TRUE(p.is_on_curve());
  EXPECT_EQ(p + q, q + p);
  EXPECT_EQ((p + q) + r, p + (q + r));
  EXPECT_EQ(p + J::infinity(), p);
  EXPECT_EQ(J::infinity() + p, p);
  EXPECT_TRUE((p + (-p)).is_infinity());
  EXPECT_EQ(p.dbl(), p + p);
  EXPECT_EQ(p.add_mixed(qa), p + q);
  EXPECT_EQ(p.add_mixed(pa), p.dbl());
  EXPECT_TRUE(p.add_mixed(-pa).is_infinity());
  EXPECT_EQ(J::infinity().add_mixed(qa), q);
  EXPECT_EQ(p.add_mixed(Affine<Curve>::infinity()), p);
  EXPECT_TRUE((p + q).is_on_curve());
  EXPECT_TRUE(p.dbl().is_on_curve());
  EXPECT_EQ((p + q).to_affine(), (q + p).to_affine());
  EXPECT_TRUE((p + q).to_affine().is_on_curve());
  EXPECT_EQ(J::from_affine(p.to_affine()), p);
  EXPECT_TRUE(J::infinity().to_affine().is_infinity());
  EXPECT_TRUE(J::from_affine(Affine<Curve>::infinity()).is_infinity());
}

TEST(ScalarRecoding, WnafDigitsReconstructTheScalar) {
  const Limbs all_ones{{~0ULL, ~0ULL, ~0ULL, ~0ULL}};
  for (const Limbs& k : {Limbs{}, Limbs{{1, 0, 0, 0}}, Limbs{{31, 0, 0, 0}}, all_ones, random_scalar()}) {
    signed char digits[kMaxWnafDigits];
    const int n = wnaf_digits(k, digits);
    ASSERT_LE(n, kMaxWnafDigits);
    // Sum of digit * 2^i, evaluated mod r, and the NAF property.
    ff::Fr acc = ff::Fr::zero();
    for (int i = n - 1; i >= 0; --i) {
      acc = acc.dbl();
      const int d = digits[i];
      EXPECT_TRUE(d == 0 || (d % 2 != 0 && d > -(1 << (kWnafWidth - 1)) && d < (1 << (kWnafWidth - 1))));
      if (d > 0) acc += ff::Fr::from_u64(static_cast<ff::u64>(d));
      if (d < 0) acc -= ff::Fr::from_u64(static_cast<ff::u64>(-d));
    }
    EXPECT_EQ(acc, ff::Fr::from_canonical(ff::limbs_reduce(k, kOrder)));
  }
}

TEST(G1, GroupLaws) {
  for (int i = 0; i < 10; ++i) check_group_laws(testing::random_g1(), testing::random_g1(), testing::random_g1());
}

TEST(G2, GroupLaws) {
  for (int i = 0; i < 5; ++i) check_group_laws(testing::random_g2(), testing::random_g2(), testing::random_g2());
}

template <class Curve>
void check_batch_to_affine(const std::vector<Jacobian<Curve>>& points) {
  std::vector<Affine<Curve>> out(points.size());
  batch_to_affine<Curve>(points, out);
  for (std::size_t i = 0; i < points.size(); ++i) EXPECT_EQ(out[i], points[i].to_affine()) << i;
}

TEST(BatchNormalization, MatchesOneByOne) {
  std::vector<G1> g1;
  std::vector<G2> g2;
  for (int i = 0; i < 9; ++i) {
    g1.push_back(G1::from_affine(testing::random_g1()).dbl());
    g2.push_back(G2::from_affine(testing::random_g2()).dbl());
  }
  g1[3] = G1::infinity();
  g2[0] = G2::infinity();
  check_batch_to_affine(g1);
  check_batch_to_affine(g2);
  check_batch_to_affine(std::vector<G1>{});
}

TEST(G1, OffCurvePointsAreRejected) {
  G1Affine p = g1_generator();
  p.y += ff::Fq::one();
  EXPECT_FALSE(p.is_on_curve());
  EXPECT_TRUE(G1Affine::infinity().is_on_curve());
}

TEST(G1, ScalarMultiplication) {
  const G1 g = G1::from_affine(g1_generator());
  EXPECT_TRUE(scalar_mul(g, kOrder).is_infinity());
  EXPECT_TRUE(g1_mul(g, Limbs{}).is_infinity());
  EXPECT_EQ(g1_mul(g, Limbs{{1, 0, 0, 0}}), g);
  EXPECT_EQ(g1_mul(g, Limbs{{2, 0, 0, 0}}), g.dbl());
  EXPECT_EQ(g1_mul(g, ff::limbs_sub(kOrder, Limbs{{1, 0, 0, 0}})), -g);
  for (int i = 0; i < 20; ++i) {
    const G1 p = G1::from_affine(testing::random_g1());
    const Limbs k = random_scalar();
    const G1 expected = reference_mul(p, k);
    EXPECT_EQ(scalar_mul(p, k), expected);
    EXPECT_EQ(g1_mul(p, k), expected);
  }
  // 2^256 - 1 exercises the carry out of the top limb in the NAF recoding.
  const Limbs all_ones{{~0ULL, ~0ULL, ~0ULL, ~0ULL}};
  EXPECT_EQ(scalar_mul(g, all_ones), reference_mul(g, all_ones));
}

TEST(G1, GlvDecomposition) {
  const ff::Fr lambda = ff::Fr::from_canonical(glv_lambda());
  for (int i = 0; i < 200; ++i) {
    const Limbs k = i == 0 ? ff::limbs_sub(kOrder, Limbs{{1, 0, 0, 0}}) : random_scalar();
    const GlvSplit s = glv_split(k);
    EXPECT_LT(ff::limbs_bit_length(s.k1), 129);
    EXPECT_LT(ff::limbs_bit_length(s.k2), 129);
    ff::Fr k1 = ff::Fr::from_canonical(s.k1);
    ff::Fr k2 = ff::Fr::from_canonical(s.k2);
    if (s.k1_negative) k1 = -k1;
    if (s.k2_negative) k2 = -k2;
    EXPECT_EQ(k1 + k2 * lambda, ff::Fr::from_canonical(k));
  }
  const G1 p = G1::from_affine(testing::random_g1());
  EXPECT_EQ(glv_endomorphism(p), scalar_mul(p, glv_lambda()));
}

TEST(G2, ScalarMultiplication) {
  const G2 g = G2::from_affine(g2_generator());
  EXPECT_TRUE(g2_mul(g, kOrder).is_infinity());
  EXPECT_EQ(g2_mul(g, Limbs{{3, 0, 0, 0}}), g.dbl() + g);
  for (int i = 0; i < 5; ++i) {
    const G2 q = G2::from_affine(testing::random_g2());
    const Limbs k = random_scalar();
    EXPECT_EQ(g2_mul(q, k), reference_mul(q, k));
  }
}

TEST(G2, SubgroupCheckAgreesWithOrderCheck) {
  int outside = 0;
  for (int i = 0; i < 10; ++i) {
    const G2Affine q = testing::random_twist_point();
    ASSERT_TRUE(q.is_on_curve());
    const bool in_by_order = scalar_mul(G2::from_affine(q), kOrder).is_infinity();
    EXPECT_EQ(g2_in_subgroup(q), in_by_order);
    outside += !in_by_order;
    // Clearing the cofactor h = 2p - r = p + (p - r) lands in G2.
    const G2 qj = G2::from_affine(q);
    const G2 cleared = scalar_mul(qj, ff::FqParams::modulus()) +
                       scalar_mul(qj, ff::limbs_sub(ff::FqParams::modulus(), kOrder));
    EXPECT_FALSE(cleared.is_infinity());
    EXPECT_TRUE(scalar_mul(cleared, kOrder).is_infinity());
    EXPECT_TRUE(g2_in_subgroup(cleared.to_affine()));
  }
  EXPECT_EQ(outside, 10);
  // Points with no G2 component ([r]T lies in the cofactor part of the twist) and
  // G2 points shifted by such a point are rejected too.
  for (int i = 0; i < 10; ++i) {
    const G2 torsion = scalar_mul(G2::from_affine(testing::random_twist_point()), kOrder);
    ASSERT_FALSE(torsion.is_infinity());
    EXPECT_FALSE(g2_in_subgroup(torsion.to_affine()));
    const G2 shifted = G2::from_affine(testing::random_g2()) + torsion;
    EXPECT_FALSE(g2_in_subgroup(shifted.to_affine()));
    EXPECT_TRUE(g2_in_subgroup(testing::random_g2()));
  }
  // The twist's cofactor 2p - r has the small prime factor 10069: points of that
  // order, alone or added to a G2 point, must fail the check.
  constexpr Limbs cofactor_over_10069{{0x6c3cd334915f1659ULL, 0x207142f7671af448ULL,
                                       0x9e28bcf65b5681daULL, 0x00013af7a58fce69ULL}};
  int small_order_points = 0;
  for (int i = 0; i < 5; ++i) {
    const G2 t = scalar_mul(scalar_mul(G2::from_affine(testing::random_twist_point()), kOrder), cofactor_over_10069);
    if (t.is_infinity()) continue;
    ++small_order_points;
    EXPECT_TRUE(scalar_mul(t, Limbs{{10069, 0, 0, 0}}).is_infinity());
    EXPECT_FALSE(g2_in_subgroup(t.to_affine()));
    EXPECT_FALSE(g2_in_subgroup((G2::from_affine(testing::random_g2()) + t).to_affine()));
  }
  EXPECT_GT(small_order_points, 0);
  EXPECT_TRUE(g2_in_subgroup(g2_generator()));
  EXPECT_TRUE(g2_in_subgroup(G2Affine::infinity()));
}

TEST(G2, PsiActsAsFrobeniusEigenvalue) {
  // On G2, psi acts as multiplication by p (mod r).
  const G2 q = G2::from_affine(testing::random_g2());
  const Limbs p_mod_r = ff::limbs_reduce(ff::FqParams::modulus(), kOrder);
  EXPECT_EQ(g2_psi(q), scalar_mul(q, p_mod_r));
  EXPECT_EQ(G2::from_affine(g2_psi(q.to_affine())), g2_psi(q));
}

}  // namespace
}  // namespace proofagg::ec

namespace proofagg::ec {
namespace {

TEST(FixedBase, MatchesScalarMultiplication) {
  const FixedBaseTable<G1Curve> g1(g1_generator());
  const FixedBaseTable<G2Curve> g2(g2_generator());
  for (int i = 0; i < 20; ++i) {
    const Limbs k = i == 0 ? Limbs{} : i == 1 ? ff::limbs_sub(ff::FrParams::modulus(), Limbs{{1, 0, 0, 0}}) : random_scalar();
    EXPECT_EQ(g1.multiply(k), g1_mul(G1::from_affine(g1_generator()), k));
    EXPECT_EQ(g2.multiply(k), g2_mul(G2::from_affine(g2_generator()), k));
  }
}

}  // namespace
}  // namespace proofagg::ec
