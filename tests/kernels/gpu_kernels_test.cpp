// CUDA NTT and MSM against the CPU backend on fresh random inputs (the CPU backend
// is itself checked against the definitions in ntt_test and msm_test). Skipped,
// with the reason, where no device (or no CUDA build) exists.
#include <gtest/gtest.h>

#include <iostream>
#include <random>
#include <vector>

#include "kernels/cuda/device_info.hpp"
#include "kernels/ec/random_points.hpp"
#include "kernels/msm/msm.hpp"
#include "kernels/ntt/ntt.hpp"
#include "tests/support/random.hpp"
#if PROOFAGG_WITH_CUDA
#include "kernels/ntt/ntt_cuda.hpp"
#endif

namespace proofagg {
namespace {

using ff::Fr;

class GpuKernels : public ::testing::Test {
 protected:
  void SetUp() override {
    const cuda::DeviceStatus status = cuda::device_status();
    if (!status.available) GTEST_SKIP() << "GPU test skipped: " << status.description;
    const std::uint64_t seed = std::random_device{}();
    rng.seed(seed);
    RecordProperty("seed", std::to_string(seed));  // fresh inputs each run, reproducible from the log
    std::cout << "random seed " << seed << "\n";
  }
  std::mt19937_64 rng;
};

std::vector<Fr> random_vector(std::size_t n, std::mt19937_64& rng) {
  std::vector<Fr> v(n);
  for (Fr& x : v) x = ff::random_field_element<Fr>(rng);
  return v;
}

#if PROOFAGG_WITH_CUDA

TEST_F(GpuKernels, NttMatchesCpuInEveryMode) {
  const Fr shift = ff::random_field_element<Fr>(rng);
  for (const int log_n : {0, 1, 2, 5, 9, 10, 11, 12, 15, 18, 20}) {
    const std::vector<Fr> input = random_vector(std::size_t{1} << log_n, rng);
    for (const ntt::Direction direction : {ntt::Direction::kForward, ntt::Direction::kInverse}) {
      for (const ntt::Order in : {ntt::Order::kNatural, ntt::Order::kBitReversed}) {
        for (const ntt::Order out : {ntt::Order::kNatural, ntt::Order::kBitReversed}) {
          for (const bool coset : {false, true}) {
            ntt::NttOptions o;
            o.direction = direction;
            o.input_order = in;
            o.output_order = out;
            if (coset) o.coset_shift = shift;
            std::vector<Fr> gpu = input, cpu = input;
            o.backend = Backend::kCuda;
            const Status s = ntt::ntt(gpu, o);
            ASSERT_TRUE(s.ok()) << s.error();
            o.backend = Backend::kCpu;
            ASSERT_TRUE(ntt::ntt(cpu, o).ok());
            ASSERT_EQ(gpu, cpu) << "log_n=" << log_n << " inverse=" << (direction == ntt::Direction::kInverse)
                                << " in=" << int(in) << " out=" << int(out) << " coset=" << coset;
          }
        }
      }
    }
  }
}

TEST_F(GpuKernels, NttBatchesAndResidentChains) {
  constexpr int log_n = 14;
  constexpr std::size_t n = std::size_t{1} << log_n, count = 6;
  const std::vector<Fr> input = random_vector(n * count, rng);
  std::vector<Fr> gpu = input, cpu = input;
  ntt::NttOptions o;
  o.backend = Backend::kCuda;
  ASSERT_TRUE(ntt::ntt_batch(gpu, count, o).ok());
  o.backend = Backend::kCpu;
  ASSERT_TRUE(ntt::ntt_batch(cpu, count, o).ok());
  EXPECT_EQ(gpu, cpu);

  // A prover's chain: interpolate, then evaluate on a coset, without leaving the device.
  ntt::NttOptions interpolate;
  interpolate.direction = ntt::Direction::kInverse;
  ntt::NttOptions on_coset;
  on_coset.coset_shift = Fr::from_u64(7);
  auto device = ntt::cuda::DevicePolynomials::upload(input, count);
  ASSERT_TRUE(device.ok()) << device.error();
  ASSERT_TRUE(device->transform(interpolate).ok());
  ASSERT_TRUE(device->transform(on_coset).ok());
  std::vector<Fr> chained(n * count);
  ASSERT_TRUE(device->download(chained).ok());
  cpu = input;
  interpolate.backend = on_coset.backend = Backend::kCpu;
  ASSERT_TRUE(ntt::ntt_batch(cpu, count, interpolate).ok());
  ASSERT_TRUE(ntt::ntt_batch(cpu, count, on_coset).ok());
  EXPECT_EQ(chained, cpu);
}

template <class Curve>
void expect_msm_matches_cpu(const std::vector<ec::Affine<Curve>>& points, const std::vector<Fr>& scalars,
                            const std::string& what, int window_bits = 0) {
  msm::MsmOptions o;
  o.window_bits = window_bits;
  o.backend = Backend::kCuda;
  const auto gpu = msm::msm(std::span(points), std::span(scalars), o);
  ASSERT_TRUE(gpu.ok()) << what << ": " << gpu.error();
  o.backend = Backend::kCpu;
  o.window_bits = 0;
  const auto cpu = msm::msm(std::span(points), std::span(scalars), o);
  ASSERT_TRUE(cpu.ok());
  EXPECT_EQ(*gpu, *cpu) << what;
}

TEST_F(GpuKernels, MsmG1MatchesCpu) {
  for (const int log_n : {0, 3, 10, 16, 20}) {
    const std::size_t n = std::size_t{1} << log_n;
    expect_msm_matches_cpu(ec::random_points<ec::G1Curve>(n, rng), random_vector(n, rng),
                           "random G1, n = 2^" + std::to_string(log_n));
  }
  const auto points = ec::random_points<ec::G1Curve>(3000, rng);
  const auto scalars = random_vector(3000, rng);
  for (const int c : {2, 5, 8, 13, 16}) expect_msm_matches_cpu(points, scalars, "c = " + std::to_string(c), c);
  expect_msm_matches_cpu<ec::G1Curve>({}, {}, "empty");
}

TEST_F(GpuKernels, MsmSkewedScalars) {
  constexpr std::size_t n = 1 << 16;
  const auto points = ec::random_points<ec::G1Curve>(n, rng);
  const Fr s = ff::random_field_element<Fr>(rng);
  expect_msm_matches_cpu(points, std::vector<Fr>(n, s), "all scalars equal");
  expect_msm_matches_cpu(points, std::vector<Fr>(n, Fr::zero()), "all scalars zero");
  expect_msm_matches_cpu(points, std::vector<Fr>(n, -Fr::one()), "all scalars r - 1");
  const Fr ones = Fr::from_canonical(ff::Limbs{{~0ULL, ~0ULL, ~0ULL, (1ULL << 61) - 1}});
  expect_msm_matches_cpu(points, std::vector<Fr>(n, ones), "all-ones scalars");
  std::vector<ec::G1Affine> same(n, points[0]);
  same[7] = -points[0];
  same[9] = ec::G1Affine::infinity();
  expect_msm_matches_cpu(same, random_vector(n, rng), "equal points, one negated, one at infinity");
}

TEST_F(GpuKernels, MsmG2MatchesCpu) {
  for (const int log_n : {0, 6, 14}) {
    const std::size_t n = std::size_t{1} << log_n;
    expect_msm_matches_cpu(ec::random_points<ec::G2Curve>(n, rng), random_vector(n, rng),
                           "random G2, n = 2^" + std::to_string(log_n));
  }
}

#else

TEST_F(GpuKernels, RequiresCudaBuild) {}

#endif

}  // namespace
}  // namespace proofagg
