// Batched evaluation of the shared BN254 arithmetic core on a CUDA device, one
// element per thread. Results are bit-identical to the host code (the same source
// compiled by nvcc), which the GPU tests check on random inputs. Only declared in
// builds with CUDA (PROOFAGG_WITH_CUDA).
#pragma once

#include <span>

#include "kernels/core/result.hpp"
#include "kernels/ec/bn254.hpp"
#include "kernels/ff/fq12.hpp"

namespace proofagg::cuda {

Status fq_mul(std::span<const ff::Fq> a, std::span<const ff::Fq> b, std::span<ff::Fq> out);
Status fq_inverse(std::span<const ff::Fq> a, std::span<ff::Fq> out);
Status g1_mul(std::span<const ec::G1Affine> p, std::span<const ff::Limbs> k,
              std::span<ec::G1Affine> out);
Status g2_mul(std::span<const ec::G2Affine> q, std::span<const ff::Limbs> k,
              std::span<ec::G2Affine> out);
Status pairing(std::span<const ec::G1Affine> p, std::span<const ec::G2Affine> q,
               std::span<ff::Fq12> out);

}  // namespace proofagg::cuda
