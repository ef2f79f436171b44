// Number-theoretic transforms over BN254's scalar field Fr, whose multiplicative
// group has 2-adicity 28: sizes 2^0 .. 2^28, in place, on the CPU or a CUDA device.
//
// Forward: a_j (coefficients) -> A_i = sum_j a_j (s w^i)^j, w = the primitive n-th root
// of unity w_n = g^((r-1)/n) (g = 5), s = the coset shift (1 unless a coset is asked for).
// Inverse: the exact inverse of that map, including the 1/n and the shift.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "kernels/core/backend.hpp"
#include "kernels/core/result.hpp"
#include "kernels/ff/bn254.hpp"

namespace proofagg::ntt {

using ff::Fr;

inline constexpr int kMaxLogSize = ff::FrParams::two_adicity;

enum class Direction { kForward, kInverse };
enum class Order { kNatural, kBitReversed };

struct NttOptions {
  Direction direction = Direction::kForward;
  Order input_order = Order::kNatural;
  Order output_order = Order::kNatural;
  // Evaluate on (or interpolate from) the coset s * <w_n> instead of <w_n>.
  std::optional<Fr> coset_shift;
  Backend backend = Backend::kAuto;
};

// The primitive 2^log_size-th root of unity w_n used by the transforms.
Fr root_of_unity(int log_size);

// Transforms `values` in place; its size must be a power of two <= 2^28.
Status ntt(std::span<Fr> values, const NttOptions& options = {});

// `count` polynomials of equal power-of-two size, stored one after another.
Status ntt_batch(std::span<Fr> values, std::size_t count, const NttOptions& options = {});

}  // namespace proofagg::ntt
