#include "kernels/msm/msm.hpp"

#include <string>
#include <type_traits>

#include "kernels/core/kernel_timing.hpp"
#include "kernels/core/parallel.hpp"
#include "kernels/ec/batch_normalize.hpp"
#include "kernels/msm/digits.hpp"
#include "kernels/msm/msm_cpu.hpp"
#if PROOFAGG_WITH_CUDA
#include "kernels/msm/msm_cuda.hpp"
#endif

namespace proofagg::msm {
namespace {

// Bucket entries pack (point index, sign) into 32 bits.
constexpr std::size_t kMaxPoints = std::size_t{1} << 31;

Status check_window_bits(int bits) {
  if (bits != 0 && (bits < kMinWindowBits || bits > kMaxWindowBits)) {
    return make_error("msm: window_bits " + std::to_string(bits) + " outside " + std::to_string(kMinWindowBits) +
                      ".." + std::to_string(kMaxWindowBits));
  }
  return {};
}

template <class Curve>
constexpr KernelOp kernel_op() {
  return std::is_same_v<Curve, ec::G1Curve> ? KernelOp::kMsmG1 : KernelOp::kMsmG2;
}

template <class Curve>
Result<ec::Affine<Curve>> run_msm(std::span<const ec::Affine<Curve>> bases, std::span<const ff::Fr> scalars,
                                    const MsmOptions& options) {
  if (bases.size() != scalars.size()) {
    return make_error("msm: " + std::to_string(bases.size()) + " bases but " + std::to_string(scalars.size()) +
                      " scalars");
  }
  if (bases.size() >= kMaxPoints) return make_error("msm: more than 2^31 points");
  if (Status s = check_window_bits(options.window_bits); !s) return s.failure();
  const Result<Backend> backend = resolve_backend(options.backend);
  if (!backend) return backend.failure().prefixed("msm: ");
  const KernelTimer timer(kernel_op<Curve>(), *backend, bases.size());
#if PROOFAGG_WITH_CUDA
  if (*backend == Backend::kCuda) {
    const auto sum = cuda::msm(bases, scalars, options.window_bits);
    if (!sum) return sum.failure();
    return sum->to_affine();
  }
#endif
  const int c = options.window_bits != 0 ? options.window_bits : cpu::choose_window_bits(bases.size(), 1, max_threads(), sizeof(ec::Affine<Curve>));
  return cpu::multiexp<Curve>(bases, 1, scalars, c).to_affine();
}

template <class Curve>
Result<ec::Affine<Curve>> run_precomputed(const PrecomputedBases<Curve>& bases, std::span<const ff::Fr> scalars) {
  if (bases.size() != scalars.size()) {
    return make_error("msm: precomputed for " + std::to_string(bases.size()) + " bases but " +
                      std::to_string(scalars.size()) + " scalars");
  }
  const KernelTimer timer(kernel_op<Curve>(), Backend::kCpu, scalars.size());
  return cpu::multiexp<Curve>(bases.points(), bases.tables(), scalars, bases.window_bits()).to_affine();
}

}  // namespace

template <class Curve>
Result<PrecomputedBases<Curve>> PrecomputedBases<Curve>::build(std::span<const AffinePoint> bases, int tables,
                                                               int window_bits) {
  if (Status s = check_window_bits(window_bits); !s) return s.failure();
  if (tables < 1) return make_error("msm: precomputation needs at least one table");
  const std::size_t n = bases.size();
  const int c = window_bits != 0 ? window_bits : cpu::choose_window_bits(n, tables, max_threads(), sizeof(AffinePoint));
  const int windows = window_count(c);
  PrecomputedBases out;
  out.size_ = n;
  out.window_bits_ = c;
  out.windows_per_table_ = (windows + tables - 1) / tables;
  out.tables_ = (windows + out.windows_per_table_ - 1) / out.windows_per_table_;  // no empty tables
  if (n * static_cast<std::size_t>(out.tables_) >= kMaxPoints) return make_error("msm: more than 2^31 precomputed points");
  out.points_.resize(n * out.tables_);
  std::copy(bases.begin(), bases.end(), out.points_.begin());
  const int shift = c * out.windows_per_table_;
  for (int j = 1; j < out.tables_; ++j) {
    const std::span<const AffinePoint> previous(&out.points_[(j - 1) * n], n);
    const std::span<AffinePoint> next(&out.points_[j * n], n);
    parallel_chunks(n, 256, [&](std::size_t begin, std::size_t end) {
      std::vector<ec::Jacobian<Curve>> shifted(end - begin);
      for (std::size_t i = begin; i < end; ++i) {
        ec::Jacobian<Curve> p = ec::Jacobian<Curve>::from_affine(previous[i]);
        for (int k = 0; k < shift; ++k) p = p.dbl();
        shifted[i - begin] = p;
      }
      ec::batch_to_affine<Curve>(shifted, next.subspan(begin, end - begin));
    });
  }
  return out;
}

template class PrecomputedBases<ec::G1Curve>;
template class PrecomputedBases<ec::G2Curve>;

Result<ec::G1Affine> msm(std::span<const ec::G1Affine> bases, std::span<const ff::Fr> scalars, const MsmOptions& options) {
  return run_msm<ec::G1Curve>(bases, scalars, options);
}
Result<ec::G2Affine> msm(std::span<const ec::G2Affine> bases, std::span<const ff::Fr> scalars, const MsmOptions& options) {
  return run_msm<ec::G2Curve>(bases, scalars, options);
}
Result<ec::G1Affine> msm(const PrecomputedBases<ec::G1Curve>& bases, std::span<const ff::Fr> scalars) {
  return run_precomputed(bases, scalars);
}
Result<ec::G2Affine> msm(const PrecomputedBases<ec::G2Curve>& bases, std::span<const ff::Fr> scalars) {
  return run_precomputed(bases, scalars);
}

}  // namespace proofagg::msm
