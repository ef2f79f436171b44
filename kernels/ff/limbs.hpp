// Word-level primitives for 4x64-bit multi-precision arithmetic.
// Host and device both lower these to add-with-carry / 64x64->128 multiplies.
#pragma once

#include <cstdint>

#include "kernels/core/hd.hpp"

// GCC turns 128-bit carry emulation into poor code; the x86 carry intrinsics give
// straight adc/sbb chains.
#if defined(__x86_64__) && !defined(__CUDA_ARCH__)
#include <type_traits>
#include <x86intrin.h>
#define PA_X86_CARRY_INTRINSICS 1
#else
#define PA_X86_CARRY_INTRINSICS 0
#endif

namespace proofagg::ff {

using u64 = std::uint64_t;
using u128 = unsigned __int128;

inline constexpr int kLimbs = 4;

// A 256-bit unsigned integer, least significant limb first.
struct Limbs {
  u64 v[kLimbs];

  PA_HD_INLINE friend constexpr bool operator==(const Limbs& a, const Limbs& b) {
    return a.v[0] == b.v[0] && a.v[1] == b.v[1] && a.v[2] == b.v[2] && a.v[3] == b.v[3];
  }
};

// A 512-bit unsigned integer: an unreduced product of two field elements.
struct WideLimbs {
  u64 v[2 * kLimbs];
};

// Returns a + b + carry; carry becomes the carry out (0 or 1).
PA_HD_INLINE constexpr u64 add_carry(u64 a, u64 b, u64& carry) {
#if PA_X86_CARRY_INTRINSICS
  if (!std::is_constant_evaluated()) {
    unsigned long long sum;
    carry = _addcarry_u64(static_cast<unsigned char>(carry), a, b, &sum);
    return sum;
  }
#endif
  const u128 s = static_cast<u128>(a) + b + carry;
  carry = static_cast<u64>(s >> 64);
  return static_cast<u64>(s);
}

// Returns a - b - borrow; borrow becomes the borrow out (0 or 1).
PA_HD_INLINE constexpr u64 sub_borrow(u64 a, u64 b, u64& borrow) {
#if PA_X86_CARRY_INTRINSICS
  if (!std::is_constant_evaluated()) {
    unsigned long long diff;
    borrow = _subborrow_u64(static_cast<unsigned char>(borrow), a, b, &diff);
    return diff;
  }
#endif
  const u128 d = static_cast<u128>(a) - b - borrow;
  borrow = static_cast<u64>(d >> 64) & 1;
  return static_cast<u64>(d);
}

// Returns the low word of a * b + c + carry; carry becomes the high word.
PA_HD_INLINE constexpr u64 mul_add_carry(u64 a, u64 b, u64 c, u64& carry) {
  const u128 t = static_cast<u128>(a) * b + c + carry;
  carry = static_cast<u64>(t >> 64);
  return static_cast<u64>(t);
}

PA_HD_INLINE constexpr bool limbs_less(const Limbs& a, const Limbs& b) {
  for (int i = kLimbs - 1; i >= 0; --i) {
    if (a.v[i] != b.v[i]) return a.v[i] < b.v[i];
  }
  return false;
}

PA_HD_INLINE constexpr bool limbs_is_zero(const Limbs& a) {
  return (a.v[0] | a.v[1] | a.v[2] | a.v[3]) == 0;
}

PA_HD_INLINE constexpr bool limbs_bit(const Limbs& a, int i) { return (a.v[i / 64] >> (i % 64)) & 1; }

PA_HD_INLINE constexpr int limbs_bit_length(const Limbs& a) {
  for (int i = kLimbs - 1; i >= 0; --i) {
    if (a.v[i] != 0) return 64 * i + 64 - __builtin_clzll(a.v[i]);
  }
  return 0;
}

}  // namespace proofagg::ff

namespace proofagg::ff {

// Low 256 bits of a * b.
PA_HD_INLINE constexpr Limbs limbs_mul_lo(const Limbs& a, const Limbs& b) {
  Limbs r{{0, 0, 0, 0}};
  for (int i = 0; i < kLimbs; ++i) {
    u64 carry = 0;
    for (int j = 0; i + j < kLimbs; ++j) r.v[i + j] = mul_add_carry(a.v[j], b.v[i], r.v[i + j], carry);
  }
  return r;
}

// The full 512-bit product a * b (schoolbook).
PA_HD_INLINE constexpr WideLimbs limbs_mul_wide(const Limbs& a, const Limbs& b) {
  WideLimbs t{};
  PA_UNROLL
  for (int i = 0; i < kLimbs; ++i) {
    u64 carry = 0;
    PA_UNROLL
    for (int j = 0; j < kLimbs; ++j) t.v[i + j] = mul_add_carry(a.v[j], b.v[i], t.v[i + j], carry);
    t.v[i + kLimbs] = carry;
  }
  return t;
}

// High 256 bits of a * b.
PA_HD_INLINE constexpr Limbs limbs_mul_hi(const Limbs& a, const Limbs& b) {
  const WideLimbs t = limbs_mul_wide(a, b);
  return {{t.v[4], t.v[5], t.v[6], t.v[7]}};
}

// a - b mod 2^256.
PA_HD_INLINE constexpr Limbs limbs_sub(const Limbs& a, const Limbs& b) {
  Limbs r{};
  u64 borrow = 0;
  for (int i = 0; i < kLimbs; ++i) r.v[i] = sub_borrow(a.v[i], b.v[i], borrow);
  return r;
}

// If a, read as a two's-complement 256-bit integer, is negative, replaces it by |a|
// and returns true.
PA_HD_INLINE constexpr bool limbs_take_abs(Limbs& a) {
  if ((a.v[kLimbs - 1] >> 63) == 0) return false;
  a = limbs_sub(Limbs{{0, 0, 0, 0}}, a);
  return true;
}

}  // namespace proofagg::ff

namespace proofagg::ff {

// a mod m for any 256-bit a and a modulus m of at least 254 bits (a few subtractions).
PA_HD_INLINE constexpr Limbs limbs_reduce(Limbs a, const Limbs& m) {
  while (!limbs_less(a, m)) a = limbs_sub(a, m);
  return a;
}

}  // namespace proofagg::ff

namespace proofagg::ff {

// a - b mod 2^512; borrow is set when a < b.
PA_HD_INLINE constexpr WideLimbs wide_sub(const WideLimbs& a, const WideLimbs& b, u64& borrow) {
  WideLimbs r{};
  borrow = 0;
  PA_UNROLL
  for (int i = 0; i < 2 * kLimbs; ++i) r.v[i] = sub_borrow(a.v[i], b.v[i], borrow);
  return r;
}

// a + m 2^256 mod 2^512.
PA_HD_INLINE constexpr WideLimbs wide_add_high(const WideLimbs& a, const Limbs& m) {
  WideLimbs r = a;
  u64 carry = 0;
  PA_UNROLL
  for (int i = 0; i < kLimbs; ++i) r.v[kLimbs + i] = add_carry(a.v[kLimbs + i], m.v[i], carry);
  return r;
}

}  // namespace proofagg::ff
