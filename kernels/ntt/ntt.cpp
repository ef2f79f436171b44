#include "kernels/ntt/ntt.hpp"

#include <bit>
#include <string>

#include "kernels/core/kernel_timing.hpp"
#include "kernels/core/parallel.hpp"
#include "kernels/ntt/ntt_cpu.hpp"
#if PROOFAGG_WITH_CUDA
#include "kernels/ntt/ntt_cuda.hpp"
#endif

namespace proofagg::ntt {

Status ntt(std::span<Fr> values, const NttOptions& options) { return ntt_batch(values, 1, options); }

Status ntt_batch(std::span<Fr> values, std::size_t count, const NttOptions& options) {
  if (count == 0) return values.empty() ? Status{} : make_error("ntt: batch of 0 polynomials with data");
  if (values.size() % count != 0) {
    return make_error("ntt: " + std::to_string(values.size()) + " elements do not split into " +
                      std::to_string(count) + " polynomials");
  }
  const std::size_t n = values.size() / count;
  if (!std::has_single_bit(n)) {
    return make_error("ntt: size " + std::to_string(n) + " is not a power of two");
  }
  if (std::countr_zero(n) > kMaxLogSize) {
    return make_error("ntt: size 2^" + std::to_string(std::countr_zero(n)) +
                      " exceeds Fr's 2-adicity (2^" + std::to_string(kMaxLogSize) + ")");
  }
  if (options.coset_shift && options.coset_shift->is_zero()) return make_error("ntt: coset shift is zero");
  const Result<Backend> backend = resolve_backend(options.backend);
  if (!backend) return backend.failure().prefixed("ntt: ");
  const KernelTimer timer(KernelOp::kNtt, *backend, values.size());
#if PROOFAGG_WITH_CUDA
  if (*backend == Backend::kCuda) return cuda::ntt_batch(values, count, options);
#endif
  // Small polynomials: one per thread; large ones: every thread inside each.
  const bool across = n < (std::size_t{1} << 12) && count > 1;
  parallel_for(count, across ? 2 : count + 1, [&](std::size_t i) {
    cpu::transform(values.subspan(i * n, n), options);
  });
  return {};
}

}  // namespace proofagg::ntt
