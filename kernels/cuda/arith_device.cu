#include "kernels/cuda/arith_device.hpp"

#include "kernels/cuda/device_buffer.hpp"
#include "kernels/pairing/pairing.hpp"

namespace proofagg::cuda {
namespace {

constexpr int kThreadsPerBlock = 128;

Status finish_launch() {
  if (Status s = check_launch("kernel"); !s) return s;
  return synchronize(nullptr, "kernel");
}

int blocks_for(std::size_t n) { return static_cast<int>((n + kThreadsPerBlock - 1) / kThreadsPerBlock); }

// Uploads two inputs, runs kernel(in1, in2, out, n) and downloads the output.
template <class A, class B, class Out, class Kernel>
Status run_binary(std::span<const A> a, std::span<const B> b, std::span<Out> out, Kernel kernel) {
  if (a.size() != b.size() || a.size() != out.size()) return make_error("input sizes differ");
  if (a.empty()) return {};
  DeviceBuffer<A> da;
  DeviceBuffer<B> db;
  DeviceBuffer<Out> dout;
  if (Status s = da.upload(a); !s) return s;
  if (Status s = db.upload(b); !s) return s;
  if (Status s = dout.allocate(out.size()); !s) return s;
  // Poison the output so that an element the kernel fails to write cannot pass.
  if (const cudaError_t err = cudaMemset(dout.get(), 0xa5, out.size_bytes()); err != cudaSuccess) {
    return cuda_error("cudaMemset", err);
  }
  kernel<<<blocks_for(a.size()), kThreadsPerBlock>>>(da.get(), db.get(), dout.get(), a.size());
  if (Status s = finish_launch(); !s) return s;
  return dout.download(out);
}

__global__ void fq_mul_kernel(const ff::Fq* a, const ff::Fq* b, ff::Fq* out, std::size_t n) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i < n) out[i] = a[i] * b[i];
}

__global__ void fq_inverse_kernel(const ff::Fq* a, const ff::Fq* /*unused*/, ff::Fq* out, std::size_t n) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i < n) out[i] = a[i].inverse();
}

__global__ void g1_mul_kernel(const ec::G1Affine* p, const ff::Limbs* k, ec::G1Affine* out, std::size_t n) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i < n) out[i] = ec::g1_mul(ec::G1::from_affine(p[i]), k[i]).to_affine();
}

__global__ void g2_mul_kernel(const ec::G2Affine* q, const ff::Limbs* k, ec::G2Affine* out, std::size_t n) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i < n) out[i] = ec::g2_mul(ec::G2::from_affine(q[i]), k[i]).to_affine();
}

__global__ void pairing_kernel(const ec::G1Affine* p, const ec::G2Affine* q, ff::Fq12* out, std::size_t n) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i >= n) return;
  pairing::G2Prepared prepared;
  pairing::prepare_g2(q[i], prepared);
  out[i] = pairing::final_exponentiation(pairing::miller_loop(&p[i], &prepared, 1));
}

}  // namespace

Status fq_mul(std::span<const ff::Fq> a, std::span<const ff::Fq> b, std::span<ff::Fq> out) {
  return run_binary(a, b, out, fq_mul_kernel);
}

Status fq_inverse(std::span<const ff::Fq> a, std::span<ff::Fq> out) {
  return run_binary(a, a, out, fq_inverse_kernel);
}

Status g1_mul(std::span<const ec::G1Affine> p, std::span<const ff::Limbs> k, std::span<ec::G1Affine> out) {
  return run_binary(p, k, out, g1_mul_kernel);
}

Status g2_mul(std::span<const ec::G2Affine> q, std::span<const ff::Limbs> k, std::span<ec::G2Affine> out) {
  return run_binary(q, k, out, g2_mul_kernel);
}

Status pairing(std::span<const ec::G1Affine> p, std::span<const ec::G2Affine> q, std::span<ff::Fq12> out) {
  return run_binary(p, q, out, pairing_kernel);
}

}  // namespace proofagg::cuda
