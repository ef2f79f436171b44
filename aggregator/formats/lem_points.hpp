// Curve points as iden3's binary files store them: little-endian Montgomery
// coordinates (x, y), G2 as (x.c0, x.c1, y.c0, y.c1); all zeros is infinity.
#pragma once

#include <cstdint>
#include <span>

#include "aggregator/formats/binfile.hpp"
#include "kernels/core/result.hpp"
#include "kernels/ec/bn254.hpp"

namespace proofagg::formats {

inline constexpr std::size_t kLemG1Bytes = 64;
inline constexpr std::size_t kLemG2Bytes = 128;

// Canonical coordinates and the curve equation.
Result<ec::G1Affine> decode_lem_g1(std::span<const std::uint8_t> bytes);
// Canonical coordinates and the twist equation; the subgroup check is left to the
// caller, who can run many in parallel.
Result<ec::G2Affine> decode_lem_g2_on_curve(std::span<const std::uint8_t> bytes);

void write_lem_g1(Writer& w, const ec::G1Affine& p);
void write_lem_g2(Writer& w, const ec::G2Affine& q);

}  // namespace proofagg::formats
