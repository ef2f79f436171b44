// The CUDA build of the arithmetic core against the CPU build, on fresh random
// inputs. Skipped, with the reason, where no device (or no CUDA build) exists.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/cuda/device_info.hpp"
#include "kernels/pairing/multi_pairing.hpp"
#include "tests/support/random.hpp"
#if PROOFAGG_WITH_CUDA
#include "kernels/cuda/arith_device.hpp"
#endif

namespace proofagg {
namespace {

TEST(DeviceInfo, AlwaysExplainsItself) {
  const cuda::DeviceStatus status = cuda::device_status();
  EXPECT_FALSE(status.description.empty());
}

class GpuArith : public ::testing::Test {
 protected:
  void SetUp() override {
    const cuda::DeviceStatus status = cuda::device_status();
    if (!status.available) GTEST_SKIP() << "GPU test skipped: " << status.description;
  }
};

#if PROOFAGG_WITH_CUDA

TEST_F(GpuArith, FieldMultiplicationAndInverse) {
  constexpr int n = 4096;
  std::vector<ff::Fq> a(n), b(n), prod(n), inv(n);
  for (int i = 0; i < n; ++i) {
    a[i] = testing::random_element<ff::Fq>();
    b[i] = testing::random_element<ff::Fq>();
  }
  a[0] = ff::Fq::zero();
  a[1] = -ff::Fq::one();
  ASSERT_TRUE(cuda::fq_mul(a, b, prod).ok());
  ASSERT_TRUE(cuda::fq_inverse(a, inv).ok());
  for (int i = 0; i < n; ++i) {
    ASSERT_EQ(prod[i], a[i] * b[i]) << i;
    ASSERT_EQ(inv[i], a[i].inverse()) << i;
  }
}

TEST_F(GpuArith, ScalarMultiplication) {
  constexpr int n = 256;
  std::vector<ec::G1Affine> p(n), p_out(n);
  std::vector<ec::G2Affine> q(n), q_out(n);
  std::vector<ff::Limbs> k(n);
  for (int i = 0; i < n; ++i) {
    p[i] = testing::random_g1();
    q[i] = testing::random_g2();
    k[i] = testing::random_scalar();
  }
  k[0] = ff::Limbs{};
  p[1] = ec::G1Affine::infinity();
  ASSERT_TRUE(cuda::g1_mul(p, k, p_out).ok());
  ASSERT_TRUE(cuda::g2_mul(q, k, q_out).ok());
  for (int i = 0; i < n; ++i) {
    ASSERT_EQ(p_out[i], ec::g1_mul(ec::G1::from_affine(p[i]), k[i]).to_affine()) << i;
    ASSERT_EQ(q_out[i], ec::g2_mul(ec::G2::from_affine(q[i]), k[i]).to_affine()) << i;
  }
}

TEST_F(GpuArith, Pairing) {
  constexpr int n = 64;
  std::vector<ec::G1Affine> p(n);
  std::vector<ec::G2Affine> q(n);
  std::vector<ff::Fq12> out(n);
  for (int i = 0; i < n; ++i) {
    p[i] = testing::random_g1();
    q[i] = testing::random_g2();
  }
  ASSERT_TRUE(cuda::pairing(p, q, out).ok());
  for (int i = 0; i < n; ++i) ASSERT_EQ(out[i], pairing::pairing(p[i], q[i])) << i;
}

#else

TEST_F(GpuArith, RequiresCudaBuild) {}

#endif

}  // namespace
}  // namespace proofagg
