// Points arriving from outside (JSON, calldata, binary keys) become group elements
// only through these checks, with the same messages whatever the format.
#pragma once

#include "kernels/core/result.hpp"
#include "kernels/ec/bn254.hpp"

namespace proofagg {

// (0, 0) is the point at infinity; anything else must satisfy y^2 = x^3 + 3.
Result<ec::G1Affine> checked_g1(const ff::Fq& x, const ff::Fq& y);

// (0, 0) is the point at infinity; anything else must be on the twist and in the
// order-r subgroup.
Result<ec::G2Affine> checked_g2(const ff::Fq2& x, const ff::Fq2& y);

}  // namespace proofagg
