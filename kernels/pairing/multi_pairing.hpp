// Host entry points for pairings. Inputs must already be valid group elements
// (on the curve, G2 in the subgroup): decoders check that at the borders.
#pragma once

#include <span>
#include <vector>

#include "kernels/pairing/pairing.hpp"

namespace proofagg::pairing {

G2Prepared prepare(const G2Affine& q);

// Product over i of the Miller loops f(p[i], q[i]); the spans have equal length.
Fq12 multi_miller_loop(std::span<const G1Affine> p, std::span<const G2Prepared> q);

// e(p, q).
Fq12 pairing(const G1Affine& p, const G2Affine& q);

// Product over i of e(p[i], q[i]), with one final exponentiation.
Fq12 multi_pairing(std::span<const G1Affine> p, std::span<const G2Affine> q);

// The EIP-197 check: product over i of e(p[i], q[i]) == 1.
bool pairing_product_is_one(std::span<const G1Affine> p, std::span<const G2Affine> q);

}  // namespace proofagg::pairing
