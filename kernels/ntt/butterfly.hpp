// Radix-2 butterflies shared by the CPU and CUDA NTTs. A stage with half-span
// h = 2^s pairs x = a[i] with y = a[i + h] and uses w_{2h}^j, j = i mod h; `w`
// points at that stage's table w_{2h}^0 .. w_{2h}^(h-1). Inverse twiddles come from
// the same table: w^-j = -w^(h-j) for 0 < j < h.
#pragma once

#include <cstddef>

#include "kernels/core/hd.hpp"
#include "kernels/ff/bn254.hpp"

namespace proofagg::ntt {

template <bool kInverse>
struct Stage {
  const ff::Fr* w;
  std::size_t h;

  // Decimation in frequency (Gentleman-Sande): (x, y) -> (x + y, (x - y) w^j).
  PA_HD_INLINE void dif(ff::Fr& x, ff::Fr& y, std::size_t j) const {
    const ff::Fr u = x;
    x = u + y;
    if (j == 0) {
      y = u - y;
    } else if constexpr (kInverse) {
      y = (y - u) * w[h - j];
    } else {
      y = (u - y) * w[j];
    }
  }

  // Decimation in time (Cooley-Tukey): (x, y) -> (x + y w^j, x - y w^j).
  PA_HD_INLINE void dit(ff::Fr& x, ff::Fr& y, std::size_t j) const {
    const ff::Fr u = x;
    if (j == 0) {
      x = u + y;
      y = u - y;
    } else if constexpr (kInverse) {
      const ff::Fr t = y * w[h - j];
      x = u - t;
      y = u + t;
    } else {
      const ff::Fr t = y * w[j];
      x = u + t;
      y = u - t;
    }
  }
};

// The two stages s and s - 1 of a radix-4 pass on the quad p[0], p[q], p[2q], p[3q]
// (q = 2^(s-1), j = position within the quad's block).
template <bool kInverse, bool kDif, class Ref>
PA_HD_INLINE void radix4(const Stage<kInverse>& outer, const Stage<kInverse>& inner, Ref x0, Ref x1, Ref x2, Ref x3,
                         std::size_t j) {
  const std::size_t q = inner.h;
  if constexpr (kDif) {
    outer.dif(x0, x2, j);
    outer.dif(x1, x3, j + q);
    inner.dif(x0, x1, j);
    inner.dif(x2, x3, j);
  } else {
    inner.dit(x0, x1, j);
    inner.dit(x2, x3, j);
    outer.dit(x0, x2, j);
    outer.dit(x1, x3, j + q);
  }
}

// Index reversal of the low log_n bits.
PA_HD_INLINE std::size_t reverse_bits(std::size_t i, int log_n) {
#if defined(__CUDA_ARCH__)
  return log_n == 0 ? 0 : static_cast<std::size_t>(__brevll(i) >> (64 - log_n));
#else
  std::uint64_t x = i;
  x = ((x >> 1) & 0x5555555555555555ULL) | ((x & 0x5555555555555555ULL) << 1);
  x = ((x >> 2) & 0x3333333333333333ULL) | ((x & 0x3333333333333333ULL) << 2);
  x = ((x >> 4) & 0x0f0f0f0f0f0f0f0fULL) | ((x & 0x0f0f0f0f0f0f0f0fULL) << 4);
  x = __builtin_bswap64(x);
  return log_n == 0 ? 0 : static_cast<std::size_t>(x >> (64 - log_n));
#endif
}

}  // namespace proofagg::ntt
