// The CUDA half of the MSM. Declared only in builds with CUDA (PROOFAGG_WITH_CUDA).
#pragma once

#include <span>

#include "kernels/core/result.hpp"
#include "kernels/ec/bn254.hpp"

namespace proofagg::msm::cuda {

// window_bits = 0 chooses from the size. Inputs larger than device memory are
// processed in chunks of points whose partial sums are added on the host.
Result<ec::G1> msm(std::span<const ec::G1Affine> bases, std::span<const ff::Fr> scalars, int window_bits);
Result<ec::G2> msm(std::span<const ec::G2Affine> bases, std::span<const ff::Fr> scalars, int window_bits);

}  // namespace proofagg::msm::cuda
