// Kernel timing: every NTT and MSM reports its kernel, backend and size to the
// observer while one is set, and nothing after it is removed.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/core/kernel_timing.hpp"
#include "kernels/ec/random_points.hpp"
#include "kernels/msm/msm.hpp"
#include "kernels/ntt/ntt.hpp"

namespace proofagg {
namespace {

struct Observed {
  KernelOp op;
  Backend backend;
  std::size_t size;
  double seconds;
};
std::vector<Observed> observed;

TEST(KernelTiming, ReportsEveryKernelRunToTheObserver) {
  observed.clear();
  set_kernel_observer([](KernelOp op, Backend backend, std::size_t size, double seconds) {
    observed.push_back({op, backend, size, seconds});
  });
  std::vector<ff::Fr> values(16, ff::Fr::one());
  ntt::NttOptions on_cpu;
  on_cpu.backend = Backend::kCpu;
  ASSERT_TRUE(ntt::ntt(values, on_cpu).ok());
  std::mt19937_64 rng(7);
  const auto g1 = ec::random_points<ec::G1Curve>(4, rng);
  const auto g2 = ec::random_points<ec::G2Curve>(4, rng);
  const std::vector<ff::Fr> scalars(4, ff::Fr::one());
  ASSERT_TRUE(msm::msm(g1, scalars, {.backend = Backend::kCpu}).ok());
  ASSERT_TRUE(msm::msm(g2, scalars, {.backend = Backend::kCpu}).ok());
  set_kernel_observer(nullptr);
  ASSERT_TRUE(ntt::ntt(values, on_cpu).ok());  // not reported

  ASSERT_EQ(observed.size(), 3u);
  EXPECT_EQ(observed[0].op, KernelOp::kNtt);
  EXPECT_EQ(observed[0].size, 16u);
  EXPECT_EQ(observed[1].op, KernelOp::kMsmG1);
  EXPECT_EQ(observed[2].op, KernelOp::kMsmG2);
  for (const Observed& o : observed) {
    EXPECT_EQ(o.backend, Backend::kCpu);
    EXPECT_GE(o.seconds, 0.0);
  }
}

}  // namespace
}  // namespace proofagg
