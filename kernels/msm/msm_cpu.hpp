// The CPU half of the MSM: Pippenger with signed digits; buckets are summed by
// rounds of pairwise affine additions whose inversions are batched (Montgomery's
// trick), so an addition costs about 6 field multiplications instead of 11 for a
// mixed Jacobian one; windows (and slices of points) run on all cores.
#pragma once

#include <span>

#include "kernels/ec/bn254.hpp"

namespace proofagg::msm::cpu {

// Window width for n points per table with `tables` precomputed shifts, from a
// cost model of the affine additions, bucket reductions and batch inversions,
// limited so that the buckets (2^(c-1) points of point_bytes) fit in L2.
int choose_window_bits(std::size_t n, int tables, int threads, std::size_t point_bytes);

// sum_i k_i P_i, where points holds `tables` tables of n points, table j being
// 2^(c q j) times table 0 (q = ceil(window_count(c) / tables)).
template <class Curve>
ec::Jacobian<Curve> multiexp(std::span<const ec::Affine<Curve>> points, int tables,
                             std::span<const ff::Fr> scalars, int window_bits);

}  // namespace proofagg::msm::cpu
