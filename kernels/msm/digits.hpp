// Signed-digit window decomposition shared by the CPU and CUDA MSMs: every scalar
// k < r < 2^254 becomes k = sum_w d_w 2^(c w) with d_w in (-2^(c-1), 2^(c-1)], so a
// window needs 2^(c-1) buckets (a negative digit adds the negated point).
#pragma once

#include <cstdint>

#include "kernels/core/hd.hpp"
#include "kernels/ff/limbs.hpp"

namespace proofagg::msm {

inline constexpr int kScalarBits = 254;
inline constexpr int kMinWindowBits = 2;
inline constexpr int kMaxWindowBits = 24;

// c * windows >= 255 leaves room for the last carry: the top digit never carries out.
PA_HD_INLINE constexpr int window_count(int c) { return (kScalarBits + 1 + c - 1) / c; }

// Bits [start, start + len) of k, len <= 31; bits beyond 256 read as zero.
PA_HD_INLINE constexpr std::uint32_t scalar_bits(const ff::Limbs& k, int start, int len) {
  if (start >= 256) return 0;
  const int limb = start / 64;
  const int shift = start % 64;
  std::uint64_t v = k.v[limb] >> shift;
  if (shift + len > 64 && limb + 1 < 4) v |= k.v[limb + 1] << (64 - shift);
  return static_cast<std::uint32_t>(v & ((std::uint64_t{1} << len) - 1));
}

// Calls sink(w, d_w) for w = 0 .. window_count(c) - 1.
template <class Sink>
PA_HD_INLINE constexpr void signed_digits(const ff::Limbs& k, int c, Sink&& sink) {
  const std::int32_t half = std::int32_t{1} << (c - 1);
  std::int32_t carry = 0;
  const int windows = window_count(c);
  for (int w = 0; w < windows; ++w) {
    std::int32_t d = static_cast<std::int32_t>(scalar_bits(k, w * c, c)) + carry;
    carry = d > half ? 1 : 0;
    d -= carry << c;
    sink(w, d);
  }
}

}  // namespace proofagg::msm
