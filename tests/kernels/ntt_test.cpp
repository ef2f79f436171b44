// NTT against the definition (a naive O(n^2) DFT) at small sizes, and inverse after
// forward at sizes that exercise every pass shape.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/ntt/ntt.hpp"
#include "tests/support/random.hpp"

namespace proofagg {
namespace {

using ff::Fr;
using ntt::Direction;
using ntt::NttOptions;
using ntt::Order;

std::vector<Fr> random_vector(std::size_t n) {
  std::vector<Fr> v(n);
  for (Fr& x : v) x = testing::random_element<Fr>();
  return v;
}

std::size_t reverse_index(std::size_t i, int log_n) {
  std::size_t r = 0;
  for (int b = 0; b < log_n; ++b) r |= ((i >> b) & 1) << (log_n - 1 - b);
  return r;
}

std::vector<Fr> permuted(const std::vector<Fr>& v, int log_n) {
  std::vector<Fr> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[reverse_index(i, log_n)] = v[i];
  return out;
}

// A_i = sum_j a_j (s w^i)^j, straight from the definition.
std::vector<Fr> naive_dft(const std::vector<Fr>& a, const Fr& w, const Fr& s) {
  std::vector<Fr> out(a.size(), Fr::zero());
  Fr point = s;
  for (std::size_t i = 0; i < a.size(); ++i) {
    Fr power = Fr::one();
    for (const Fr& coefficient : a) {
      out[i] += coefficient * power;
      power *= point;
    }
    point *= w;
  }
  return out;
}

NttOptions cpu_options() {
  NttOptions o;
  o.backend = Backend::kCpu;
  return o;
}

TEST(NttRootOfUnity, HasExactOrder) {
  for (int log_n = 1; log_n <= ntt::kMaxLogSize; ++log_n) {
    Fr w = ntt::root_of_unity(log_n);
    for (int i = 1; i < log_n; ++i) w = w.square();
    EXPECT_EQ(w, -Fr::one()) << "log_n = " << log_n;  // w^(n/2) = -1: order exactly n
  }
  EXPECT_EQ(ntt::root_of_unity(0), Fr::one());
}

// Every direction, order and coset combination against the naive DFT.
TEST(NttCpu, MatchesNaiveDftInEveryMode) {
  const Fr shift = testing::random_element<Fr>();
  for (int log_n = 0; log_n <= 7; ++log_n) {
    const std::size_t n = std::size_t{1} << log_n;
    const std::vector<Fr> coefficients = random_vector(n);
    for (const bool coset : {false, true}) {
      const Fr s = coset ? shift : Fr::one();
      const std::vector<Fr> evaluations = naive_dft(coefficients, ntt::root_of_unity(log_n), s);
      for (const Order in : {Order::kNatural, Order::kBitReversed}) {
        for (const Order out : {Order::kNatural, Order::kBitReversed}) {
          NttOptions o = cpu_options();
          o.input_order = in;
          o.output_order = out;
          if (coset) o.coset_shift = shift;
          const auto arrange = [&](const std::vector<Fr>& v, Order order) {
            return order == Order::kNatural ? v : permuted(v, log_n);
          };
          std::vector<Fr> data = arrange(coefficients, in);
          ASSERT_TRUE(ntt::ntt(data, o).ok());
          EXPECT_EQ(data, arrange(evaluations, out)) << "forward log_n=" << log_n << " coset=" << coset;

          o.direction = Direction::kInverse;
          data = arrange(evaluations, in);
          ASSERT_TRUE(ntt::ntt(data, o).ok());
          EXPECT_EQ(data, arrange(coefficients, out)) << "inverse log_n=" << log_n << " coset=" << coset;
        }
      }
    }
  }
}

// Sizes around the cache block (2^15) and an odd number of streaming stages.
TEST(NttCpu, InverseUndoesForwardAtLargeSizes) {
  for (const int log_n : {12, 15, 16, 17, 18, 20}) {
    const std::vector<Fr> original = random_vector(std::size_t{1} << log_n);
    for (const bool natural : {true, false}) {
      NttOptions o = cpu_options();
      o.input_order = natural ? Order::kNatural : Order::kBitReversed;
      o.output_order = natural ? Order::kBitReversed : Order::kNatural;
      o.coset_shift = Fr::from_u64(7);
      std::vector<Fr> data = original;
      ASSERT_TRUE(ntt::ntt(data, o).ok());
      EXPECT_NE(data, original);
      o.direction = Direction::kInverse;
      std::swap(o.input_order, o.output_order);
      ASSERT_TRUE(ntt::ntt(data, o).ok());
      EXPECT_EQ(data, original) << "log_n = " << log_n << " natural = " << natural;
    }
  }
}

// A large transform agrees with the definition at a few sampled outputs.
TEST(NttCpu, LargeTransformMatchesSampledEvaluations) {
  constexpr int log_n = 18;
  const std::vector<Fr> coefficients = random_vector(std::size_t{1} << log_n);
  std::vector<Fr> data = coefficients;
  ASSERT_TRUE(ntt::ntt(data, cpu_options()).ok());
  const Fr w = ntt::root_of_unity(log_n);
  for (const std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{12345}, data.size() - 1}) {
    const Fr point = w.pow(ff::Limbs{{i, 0, 0, 0}});
    Fr value = Fr::zero();  // Horner
    for (std::size_t j = coefficients.size(); j-- > 0;) value = value * point + coefficients[j];
    EXPECT_EQ(data[i], value) << "i = " << i;
  }
}

TEST(NttCpu, BatchEqualsSeparateTransforms) {
  for (const int log_n : {3, 13}) {
    const std::size_t n = std::size_t{1} << log_n;
    constexpr std::size_t count = 5;
    std::vector<Fr> batch = random_vector(n * count);
    std::vector<Fr> separate = batch;
    NttOptions o = cpu_options();
    o.coset_shift = Fr::from_u64(5);
    ASSERT_TRUE(ntt::ntt_batch(batch, count, o).ok());
    for (std::size_t i = 0; i < count; ++i) {
      ASSERT_TRUE(ntt::ntt(std::span<Fr>(separate).subspan(i * n, n), o).ok());
    }
    EXPECT_EQ(batch, separate);
  }
}

TEST(NttCpu, ConstantAndDeltaPolynomials) {
  constexpr std::size_t n = 1 << 10;
  std::vector<Fr> data(n, Fr::zero());
  data[0] = Fr::from_u64(3);  // constant 3 evaluates to 3 everywhere
  ASSERT_TRUE(ntt::ntt(data, cpu_options()).ok());
  EXPECT_EQ(data, std::vector<Fr>(n, Fr::from_u64(3)));
  NttOptions inverse = cpu_options();
  inverse.direction = Direction::kInverse;
  ASSERT_TRUE(ntt::ntt(data, inverse).ok());
  EXPECT_EQ(data[0], Fr::from_u64(3));
  for (std::size_t i = 1; i < n; ++i) ASSERT_TRUE(data[i].is_zero());
}

TEST(NttErrors, RejectsBadShapes) {
  std::vector<Fr> data(12, Fr::one());
  Status s = ntt::ntt(data, cpu_options());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error(), "ntt: size 12 is not a power of two");
  s = ntt::ntt_batch(data, 5, cpu_options());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error(), "ntt: 12 elements do not split into 5 polynomials");
  NttOptions o = cpu_options();
  o.coset_shift = Fr::zero();
  std::vector<Fr> eight(8, Fr::one());
  s = ntt::ntt(eight, o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error(), "ntt: coset shift is zero");
  EXPECT_EQ(eight, std::vector<Fr>(8, Fr::one()));  // nothing touched on error
  std::vector<Fr> empty;
  EXPECT_TRUE(ntt::ntt_batch(empty, 0, cpu_options()).ok());
}

TEST(Backend, ParsesNamesAndExplainsUnavailableCuda) {
  EXPECT_EQ(*parse_backend("cpu"), Backend::kCpu);
  EXPECT_EQ(*parse_backend("cuda"), Backend::kCuda);
  EXPECT_EQ(*parse_backend("auto"), Backend::kAuto);
  EXPECT_EQ(parse_backend("gpu").error(), "unknown backend 'gpu' (expected cpu, cuda or auto)");
  const Result<Backend> resolved = resolve_backend(Backend::kAuto);
  ASSERT_TRUE(resolved.ok());
  const Result<Backend> cuda = resolve_backend(Backend::kCuda);
  if (*resolved == Backend::kCpu) {
    ASSERT_FALSE(cuda.ok());
    EXPECT_NE(cuda.error().find("cuda backend unavailable: "), std::string::npos);
  } else {
    EXPECT_EQ(*cuda, Backend::kCuda);
  }
}

}  // namespace
}  // namespace proofagg
