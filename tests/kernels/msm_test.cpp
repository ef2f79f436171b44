// MSM against the naive sum of scalar multiplications at small sizes, and against
// other window widths (a different bucket layout) at large sizes; skewed inputs.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/ec/random_points.hpp"
#include "kernels/msm/digits.hpp"
#include "kernels/msm/msm.hpp"
#include "tests/support/random.hpp"

namespace proofagg {
namespace {

using ec::G1;
using ec::G1Affine;
using ec::G2;
using ec::G2Affine;
using ff::Fr;

msm::MsmOptions cpu(int window_bits = 0) {
  msm::MsmOptions o;
  o.backend = Backend::kCpu;
  o.window_bits = window_bits;
  return o;
}

std::vector<Fr> random_scalars(std::size_t n) {
  std::vector<Fr> v(n);
  for (Fr& x : v) x = testing::random_element<Fr>();
  return v;
}

std::vector<G1Affine> g1_points(std::size_t n) { return ec::random_points<ec::G1Curve>(n, testing::rng()); }
std::vector<G2Affine> g2_points(std::size_t n) { return ec::random_points<ec::G2Curve>(n, testing::rng()); }

G1Affine naive(const std::vector<G1Affine>& p, const std::vector<Fr>& k) {
  G1 sum = G1::infinity();
  for (std::size_t i = 0; i < p.size(); ++i) sum += ec::g1_mul(G1::from_affine(p[i]), k[i].to_canonical());
  return sum.to_affine();
}
G2Affine naive(const std::vector<G2Affine>& p, const std::vector<Fr>& k) {
  G2 sum = G2::infinity();
  for (std::size_t i = 0; i < p.size(); ++i) sum += ec::g2_mul(G2::from_affine(p[i]), k[i].to_canonical());
  return sum.to_affine();
}

TEST(MsmCpu, G1MatchesNaiveSum) {
  for (const std::size_t n : {0, 1, 2, 5, 31, 32, 33, 100, 257, 1000}) {
    const auto p = g1_points(n);
    const auto k = random_scalars(n);
    const Result<G1Affine> r = msm::msm(p, k, cpu());
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(*r, naive(p, k)) << "n = " << n;
  }
}

TEST(MsmCpu, G2MatchesNaiveSum) {
  for (const std::size_t n : {0, 1, 31, 64, 300}) {
    const auto p = g2_points(n);
    const auto k = random_scalars(n);
    const Result<G2Affine> r = msm::msm(p, k, cpu());
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(*r, naive(p, k)) << "n = " << n;
  }
}

TEST(MsmCpu, EveryWindowWidthAgrees) {
  const auto p = g1_points(300);
  const auto k = random_scalars(300);
  const G1Affine expected = naive(p, k);
  for (int c = msm::kMinWindowBits; c <= 18; ++c) EXPECT_EQ(*msm::msm(p, k, cpu(c)), expected) << "c = " << c;
}

TEST(MsmCpu, LargeSizesAgreeAcrossWindowWidths) {
  constexpr std::size_t n = 1 << 16;
  const auto p = g1_points(n);
  const auto k = random_scalars(n);
  const G1Affine chosen = *msm::msm(p, k, cpu());
  EXPECT_EQ(*msm::msm(p, k, cpu(7)), chosen);
  EXPECT_EQ(*msm::msm(p, k, cpu(17)), chosen);
  // Linearity: doubling every scalar doubles the result.
  std::vector<Fr> doubled(k);
  for (Fr& x : doubled) x = x.dbl();
  EXPECT_EQ(*msm::msm(p, doubled, cpu()), G1::from_affine(chosen).dbl().to_affine());
}

// Skewed inputs: one bucket holding everything, cancellations, doublings, zeros.
TEST(MsmCpu, SkewedAndDegenerateInputs) {
  constexpr std::size_t n = 5000;
  const auto p = g1_points(n);
  const G1Affine q = testing::random_g1();
  const Fr s = testing::random_element<Fr>();
  const auto check = [&](const std::vector<G1Affine>& points, const std::vector<Fr>& scalars, const char* what) {
    for (const int c : {0, 5, 12}) {
      const Result<G1Affine> r = msm::msm(points, scalars, cpu(c));
      ASSERT_TRUE(r.ok()) << r.error();
      EXPECT_EQ(*r, naive(points, scalars)) << what << ", c = " << c;
    }
  };
  check(p, std::vector<Fr>(n, Fr::zero()), "all scalars zero");
  check(p, std::vector<Fr>(n, s), "all scalars equal");
  check(p, std::vector<Fr>(n, Fr::one()), "all scalars one");
  check(p, std::vector<Fr>(n, -Fr::one()), "all scalars r - 1");
  check(std::vector<G1Affine>(n, q), random_scalars(n), "all points equal");
  check(std::vector<G1Affine>(n, q), std::vector<Fr>(n, s), "all points and scalars equal");
  check(std::vector<G1Affine>(n, G1Affine::infinity()), random_scalars(n), "all points at infinity");
  std::vector<G1Affine> cancelling(n);
  for (std::size_t i = 0; i < n; ++i) cancelling[i] = i % 2 == 0 ? q : -q;
  check(cancelling, std::vector<Fr>(n, s), "P and -P with equal scalars");
  std::vector<Fr> sparse(n, Fr::zero());
  sparse[n / 2] = s;
  check(p, sparse, "one non-zero scalar");
  // (2^253 - 1): every bit set below the top, the worst case for signed-digit carries.
  const Fr ones = Fr::from_canonical(ff::Limbs{{~0ULL, ~0ULL, ~0ULL, (1ULL << 61) - 1}});
  check(p, std::vector<Fr>(n, ones), "all-ones scalars");
  const Result<G1Affine> zero = msm::msm(p, std::vector<Fr>(n, Fr::zero()), cpu());
  EXPECT_TRUE(zero->is_infinity());
}

TEST(MsmCpu, G2SkewedInputs) {
  constexpr std::size_t n = 700;
  const G2Affine q = testing::random_g2();
  const Fr s = testing::random_element<Fr>();
  std::vector<G2Affine> points(n, q);
  points[3] = -q;
  points[9] = G2Affine::infinity();
  const std::vector<Fr> scalars(n, s);
  EXPECT_EQ(*msm::msm(points, scalars, cpu()), naive(points, scalars));
}

TEST(MsmPrecomputed, MatchesPlainMsmForEveryTableCount) {
  constexpr std::size_t n = 200;
  const auto p = g1_points(n);
  const auto k = random_scalars(n);
  const G1Affine expected = naive(p, k);
  for (const int tables : {1, 2, 3, 7, 100}) {
    for (const int c : {0, 6}) {
      const auto pre = msm::PrecomputedBases<ec::G1Curve>::build(p, tables, c);
      ASSERT_TRUE(pre.ok()) << pre.error();
      EXPECT_LE(pre->tables(), tables);
      EXPECT_GE(pre->tables() * pre->windows_per_table() * pre->window_bits(), msm::kScalarBits + 1);
      EXPECT_EQ(*msm::msm(*pre, k), expected) << "tables = " << tables << ", c = " << c;
    }
  }
  const auto g2 = g2_points(40);
  const auto k2 = random_scalars(40);
  const auto pre2 = msm::PrecomputedBases<ec::G2Curve>::build(g2, 4);
  ASSERT_TRUE(pre2.ok());
  EXPECT_EQ(*msm::msm(*pre2, k2), naive(g2, k2));
}

TEST(MsmErrors, RejectsMismatchedInputs) {
  const auto p = g1_points(4);
  const auto k = random_scalars(3);
  Result<G1Affine> r = msm::msm(p, k, cpu());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "msm: 4 bases but 3 scalars");
  r = msm::msm(p, random_scalars(4), cpu(25));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "msm: window_bits 25 outside 2..24");
  const auto pre = msm::PrecomputedBases<ec::G1Curve>::build(p, 0);
  ASSERT_FALSE(pre.ok());
  EXPECT_EQ(pre.error(), "msm: precomputation needs at least one table");
  const auto pre4 = msm::PrecomputedBases<ec::G1Curve>::build(p, 2);
  r = msm::msm(*pre4, k);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "msm: precomputed for 4 bases but 3 scalars");
}

}  // namespace
}  // namespace proofagg
