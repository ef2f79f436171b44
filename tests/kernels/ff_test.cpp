// Property tests for Fq and Fr, with an independent (non-Montgomery) reference
// multiplication.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/ff/batch_inverse.hpp"
#include "kernels/ff/bn254.hpp"
#include "tests/support/random.hpp"

namespace proofagg::ff {
namespace {

using testing::random_element;

// a * b mod m by shift-and-add over the bits of b, using only limb addition.
template <class F>
Limbs reference_mul(const Limbs& a, const Limbs& b) {
  const Limbs m = F::P::modulus();
  auto add_mod = [&](const Limbs& x, const Limbs& y) {
    Limbs s{};
    u64 carry = 0;
    for (int i = 0; i < kLimbs; ++i) s.v[i] = add_carry(x.v[i], y.v[i], carry);
    return limbs_less(s, m) ? s : limbs_sub(s, m);
  };
  Limbs acc{};
  for (int i = limbs_bit_length(b) - 1; i >= 0; --i) {
    acc = add_mod(acc, acc);
    if (limbs_bit(b, i)) acc = add_mod(acc, a);
  }
  return acc;
}

template <class F>
class FieldTest : public ::testing::Test {};
using Fields = ::testing::Types<Fq, Fr>;
TYPED_TEST_SUITE(FieldTest, Fields);

TYPED_TEST(FieldTest, MultiplicationMatchesReference) {
  using F = TypeParam;
  for (int i = 0; i < 200; ++i) {
    const F a = random_element<F>();
    const F b = random_element<F>();
    const Limbs expected = reference_mul<F>(a.to_canonical(), b.to_canonical());
    const Limbs got = (a * b).to_canonical();
    for (int j = 0; j < kLimbs; ++j) ASSERT_EQ(got.v[j], expected.v[j]);
  }
  // Extremes: (m - 1)^2 = 1.
  EXPECT_EQ((-F::one()) * (-F::one()), F::one());
}

TYPED_TEST(FieldTest, Axioms) {
  using F = TypeParam;
  for (int i = 0; i < 200; ++i) {
    const F a = random_element<F>();
    const F b = random_element<F>();
    const F c = random_element<F>();
    EXPECT_EQ(a + b, b + a);
    EXPECT_EQ(a * b, b * a);
    EXPECT_EQ((a + b) + c, a + (b + c));
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_EQ(a + F::zero(), a);
    EXPECT_EQ(a * F::one(), a);
    EXPECT_EQ(a - a, F::zero());
    EXPECT_EQ(a + (-a), F::zero());
    EXPECT_EQ(a - b, a + (-b));
    EXPECT_EQ(a.dbl(), a + a);
    EXPECT_EQ(a.halve().dbl(), a);
    EXPECT_EQ(a.square(), a * a);
    if (!a.is_zero()) {
      EXPECT_EQ(a * a.inverse(), F::one());
    }
  }
  EXPECT_EQ(-F::zero(), F::zero());
  EXPECT_TRUE(F::zero().inverse().is_zero());
}

TYPED_TEST(FieldTest, CanonicalRoundTrip) {
  using F = TypeParam;
  for (int i = 0; i < 100; ++i) {
    const F a = random_element<F>();
    EXPECT_EQ(F::from_canonical(a.to_canonical()), a);
  }
  const Limbs top = limbs_sub(F::P::modulus(), Limbs{{1, 0, 0, 0}});
  EXPECT_EQ(F::from_canonical(top), -F::one());
}

TYPED_TEST(FieldTest, Pow) {
  using F = TypeParam;
  const F a = random_element<F>();
  F expected = F::one();
  for (u64 e = 0; e < 40; ++e) {
    EXPECT_EQ(a.pow(Limbs{{e, 0, 0, 0}}), expected);
    expected *= a;
  }
  // Fermat: a^(m-1) = 1.
  EXPECT_EQ(a.pow(limbs_sub(F::P::modulus(), Limbs{{1, 0, 0, 0}})), F::one());
}

TYPED_TEST(FieldTest, SqrtAndLegendre) {
  using F = TypeParam;
  int non_squares = 0;
  for (int i = 0; i < 60; ++i) {
    const F a = random_element<F>();
    F root;
    const bool is_square = a.sqrt(root);
    EXPECT_EQ(is_square, a.legendre() == 1);
    if (is_square) {
      EXPECT_EQ(root.square(), a);
    } else {
      ++non_squares;
    }
    const F sq = a.square();
    ASSERT_TRUE(sq.sqrt(root));
    EXPECT_TRUE(root == a || root == -a);
  }
  EXPECT_GT(non_squares, 10);  // about half are non-squares
  F root;
  EXPECT_TRUE(F::zero().sqrt(root));
  EXPECT_TRUE(root.is_zero());
  EXPECT_EQ(F::zero().legendre(), 0);
  EXPECT_EQ((-F::one()).legendre(), F::P::two_adicity == 1 ? -1 : 1);
}

TYPED_TEST(FieldTest, BatchInverse) {
  using F = TypeParam;
  std::vector<F> values;
  for (int i = 0; i < 33; ++i) values.push_back(i % 7 == 3 ? F::zero() : random_element<F>());
  std::vector<F> inverted = values;
  batch_inverse(std::span<F>(inverted));
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_EQ(inverted[i], values[i].inverse());
  std::vector<F> empty;
  batch_inverse(std::span<F>(empty));
}

}  // namespace
}  // namespace proofagg::ff

namespace proofagg::ff {
namespace {

// The portable code paths (used in constant evaluation and in CUDA device code)
// evaluated at compile time, against the runtime path (x86 assembly and carry
// intrinsics where the build enables them).
constexpr Limbs kNearModulus{{0x3c208c16d87cfd40ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL,
                              0x30644e72e131a029ULL}};
constexpr Limbs kMixed{{0xffffffffffffffffULL, 0x0123456789abcdefULL, 0xfedcba9876543210ULL,
                        0x1000000000000001ULL}};
constexpr Fq kA = Fq::from_canonical(kNearModulus);
constexpr Fq kB = Fq::from_canonical(kMixed);
constexpr Fq kProduct = kA * kB;
constexpr Fq kSum = kA + kB;
constexpr Fq kDifference = kB - kA;
constexpr Fq2 kProduct2 = Fq2{kA, kB} * Fq2{kB, kA};
constexpr Fq2 kProduct2Negative = Fq2{kB, kA} * Fq2{kB, kA};  // a0 b0 < a1 b1

TEST(PortablePath, MatchesRuntimePath) {
  const Fq a = Fq::from_canonical(kNearModulus);
  const Fq b = Fq::from_canonical(kMixed);
  EXPECT_EQ(a * b, kProduct);
  EXPECT_EQ(a + b, kSum);
  EXPECT_EQ(b - a, kDifference);
  EXPECT_EQ((Fq2{a, b} * Fq2{b, a}), kProduct2);
  EXPECT_EQ((Fq2{b, a} * Fq2{b, a}), kProduct2Negative);
  // And both agree with the shift-and-add reference.
  const Limbs expected = reference_mul<Fq>(kNearModulus, kMixed);
  const Limbs got = kProduct.to_canonical();
  for (int i = 0; i < kLimbs; ++i) EXPECT_EQ(got.v[i], expected.v[i]);
}

}  // namespace
}  // namespace proofagg::ff

namespace proofagg::ff {
namespace {

TEST(LazyReduction, WideProductThenReductionIsMultiplication) {
  for (int i = 0; i < 100; ++i) {
    const Fq a = testing::random_element<Fq>();
    const Fq b = testing::random_element<Fq>();
    EXPECT_EQ(Fq::redc(Fq::mul_wide(a, b)), a * b);
    // Unreduced sums (< 2p) are valid multiplicands.
    const WideLimbs t = Fq::mul_wide(Fq::add_no_reduce(a, b), b);
    EXPECT_EQ(Fq::redc(t), (a + b) * b);
  }
  // The largest input reduction accepts: just below p 2^256.
  WideLimbs top{};
  const Limbs m = FqParams::modulus();
  for (int i = 0; i < kLimbs; ++i) top.v[kLimbs + i] = m.v[i];
  u64 borrow = 0;
  top = wide_sub(top, WideLimbs{{1, 0, 0, 0, 0, 0, 0, 0}}, borrow);
  EXPECT_EQ(borrow, 0u);
  const Fq reduced = Fq::redc(top);
  EXPECT_TRUE(limbs_less(reduced.l, m));
}

}  // namespace
}  // namespace proofagg::ff
