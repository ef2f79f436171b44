// Prime fields of at most 254 bits in Montgomery form (R = 2^256), templated on
// their parameters as sppark and blst do. The moduli used here leave the top two
// bits of the top limb clear, which allows the carry-free CIOS multiplication
// (no final-carry word) and keeps 4m below 2^256.
#pragma once

#include "kernels/ff/limbs.hpp"
#include "kernels/ff/pow.hpp"

#if PROOFAGG_X86_BMI2 && !defined(__CUDA_ARCH__) && defined(__OPTIMIZE__)
#include <type_traits>

// Unoptimized builds keep the portable code: at -O0 GCC cannot allocate the
// registers the assembly leaves it.
#include "kernels/ff/mont_mul_x86_bmi2.hpp"
#define PA_USE_X86_BMI2 1
#else
#define PA_USE_X86_BMI2 0
#endif

namespace proofagg::ff {

// A Params type provides, as PA_HD_INLINE static constexpr functions returning Limbs:
//   modulus(), one() (R mod m), r2() (R^2 mod m), modulus_minus_two(),
//   half_order() ((m-1)/2), odd_part_half() ((t-1)/2 where m-1 = 2^s t),
//   root_of_unity() (Montgomery form, a primitive 2^s-th root of unity),
// and the scalars inv (-m^-1 mod 2^64) and two_adicity (s).
template <class Params>
struct MontField {
  using P = Params;
  Limbs l;

#if PA_USE_X86_BMI2
  static constexpr Limbs kModulusInMemory = P::modulus();  // memory operands for MULX
#endif

  PA_HD_INLINE static constexpr MontField from_raw(Limbs raw) { return MontField{raw}; }
  PA_HD_INLINE static constexpr MontField zero() { return MontField{{{0, 0, 0, 0}}}; }
  PA_HD_INLINE static constexpr MontField one() { return MontField{P::one()}; }

  // From a canonical integer < modulus (the caller checks the bound).
  PA_HD_INLINE static constexpr MontField from_canonical(const Limbs& a) {
    return mont_mul(MontField{a}, MontField{P::r2()});
  }
  PA_HD_INLINE static constexpr MontField from_u64(u64 a) { return from_canonical(Limbs{{a, 0, 0, 0}}); }

  PA_HD_INLINE constexpr Limbs to_canonical() const {
    return mont_mul(*this, MontField{{{1, 0, 0, 0}}}).l;
  }

  PA_HD_INLINE constexpr bool is_zero() const { return limbs_is_zero(l); }
  PA_HD_INLINE constexpr bool is_one() const { return *this == one(); }

  PA_HD_INLINE friend constexpr bool operator==(const MontField& a, const MontField& b) {
    return ((a.l.v[0] ^ b.l.v[0]) | (a.l.v[1] ^ b.l.v[1]) | (a.l.v[2] ^ b.l.v[2]) |
            (a.l.v[3] ^ b.l.v[3])) == 0;
  }
  PA_HD_INLINE friend constexpr bool operator!=(const MontField& a, const MontField& b) {
    return !(a == b);
  }

  PA_HD_INLINE friend constexpr MontField operator+(const MontField& a, const MontField& b) {
    MontField r;
    u64 carry = 0;
    PA_UNROLL
    for (int i = 0; i < kLimbs; ++i) r.l.v[i] = add_carry(a.l.v[i], b.l.v[i], carry);
    r.subtract_modulus_if_needed();
    return r;
  }

  PA_HD_INLINE friend constexpr MontField operator-(const MontField& a, const MontField& b) {
    MontField r;
    u64 borrow = 0;
    PA_UNROLL
    for (int i = 0; i < kLimbs; ++i) r.l.v[i] = sub_borrow(a.l.v[i], b.l.v[i], borrow);
    const u64 mask = 0 - borrow;  // add the modulus back when a < b
    const Limbs m = P::modulus();
    u64 carry = 0;
    PA_UNROLL
    for (int i = 0; i < kLimbs; ++i) r.l.v[i] = add_carry(r.l.v[i], m.v[i] & mask, carry);
    return r;
  }

  PA_HD_INLINE constexpr MontField operator-() const { return zero() - *this; }

  PA_HD_INLINE friend constexpr MontField operator*(const MontField& a, const MontField& b) {
    return mont_mul(a, b);
  }

  PA_HD_INLINE constexpr MontField& operator+=(const MontField& b) { return *this = *this + b; }
  PA_HD_INLINE constexpr MontField& operator-=(const MontField& b) { return *this = *this - b; }
  PA_HD_INLINE constexpr MontField& operator*=(const MontField& b) { return *this = *this * b; }

  // Building blocks for lazy reduction (sums of products reduced once, as in
  // Fq2 multiplication). A sum without reduction is < 2m < 2^255: valid only as
  // an input to mul_wide.
  PA_HD_INLINE static constexpr MontField add_no_reduce(const MontField& a, const MontField& b) {
    MontField r;
    u64 carry = 0;
    PA_UNROLL
    for (int i = 0; i < kLimbs; ++i) r.l.v[i] = add_carry(a.l.v[i], b.l.v[i], carry);
    return r;
  }

  // The full 512-bit product of the representatives.
  PA_HD_INLINE static constexpr WideLimbs mul_wide(const MontField& a, const MontField& b) {
#if PA_USE_X86_BMI2
    if (!std::is_constant_evaluated()) {
      return x86_bmi2::mul_wide(a.l, b.l);
    }
#endif
    return limbs_mul_wide(a.l, b.l);
  }

  // Montgomery reduction t / R mod m of a 512-bit t < m R.
  PA_HD_INLINE static constexpr MontField redc(const WideLimbs& t) {
#if PA_USE_X86_BMI2
    if (!std::is_constant_evaluated()) {
      return MontField{x86_bmi2::redc(t, kModulusInMemory, P::inv)};
    }
#endif
    const Limbs m = P::modulus();
    u64 w[kLimbs] = {t.v[0], t.v[1], t.v[2], t.v[3]};
    PA_UNROLL
    for (int i = 0; i < kLimbs; ++i) {
      const u64 q = w[0] * P::inv;
      u64 hi = 0;
      mul_add_carry(q, m.v[0], w[0], hi);
      PA_UNROLL
      for (int j = 1; j < kLimbs; ++j) w[j - 1] = mul_add_carry(q, m.v[j], w[j], hi);
      w[kLimbs - 1] = hi;
    }
    MontField r;
    u64 carry = 0;
    PA_UNROLL
    for (int i = 0; i < kLimbs; ++i) r.l.v[i] = add_carry(w[i], t.v[kLimbs + i], carry);
    r.subtract_modulus_if_needed();
    return r;
  }

  PA_HD_INLINE constexpr MontField dbl() const { return *this + *this; }
  PA_HD_INLINE constexpr MontField square() const { return mont_mul(*this, *this); }

  // x / 2: add the (odd) modulus when x is odd, then shift right.
  PA_HD_INLINE constexpr MontField halve() const {
    const u64 mask = 0 - (l.v[0] & 1);
    const Limbs m = P::modulus();
    MontField r;
    u64 carry = 0;
    PA_UNROLL
    for (int i = 0; i < kLimbs; ++i) r.l.v[i] = add_carry(l.v[i], m.v[i] & mask, carry);
    PA_UNROLL
    for (int i = 0; i < kLimbs - 1; ++i) r.l.v[i] = (r.l.v[i] >> 1) | (r.l.v[i + 1] << 63);
    r.l.v[kLimbs - 1] = (r.l.v[kLimbs - 1] >> 1) | (carry << 63);
    return r;
  }

  PA_HD constexpr MontField pow(const Limbs& e) const { return power(*this, e); }

  // Fermat inversion; the inverse of zero is zero (callers check where it matters).
  PA_HD constexpr MontField inverse() const { return pow(P::modulus_minus_two()); }

  // Legendre symbol: 1 for a non-zero square, -1 for a non-square, 0 for zero.
  PA_HD constexpr int legendre() const {
    const MontField s = pow(P::half_order());
    if (s.is_zero()) return 0;
    return s.is_one() ? 1 : -1;
  }

  // Tonelli-Shanks (one iteration-free step when the two-adicity is 1).
  // Returns false when *this is not a square.
  PA_HD constexpr bool sqrt(MontField& out) const {
    if (is_zero()) {
      out = zero();
      return true;
    }
    // w = a^((t-1)/2); x = a w = a^((t+1)/2); b = x w = a^t.
    const MontField w = pow(P::odd_part_half());
    MontField x = *this * w;
    MontField b = x * w;
    MontField z = MontField{P::root_of_unity()};
    int v = P::two_adicity;
    while (!b.is_one()) {
      int k = 0;
      MontField b2k = b;
      while (!b2k.is_one()) {
        b2k = b2k.square();
        ++k;
        if (k == v) return false;  // a is not a square
      }
      MontField w2 = z;
      for (int j = 0; j < v - k - 1; ++j) w2 = w2.square();
      z = w2.square();
      b = b * z;
      x = x * w2;
      v = k;
    }
    out = x;
    return true;
  }

 private:
  PA_HD_INLINE constexpr void subtract_modulus_if_needed() {
    const Limbs m = P::modulus();
    Limbs d;
    u64 borrow = 0;
    PA_UNROLL
    for (int i = 0; i < kLimbs; ++i) d.v[i] = sub_borrow(l.v[i], m.v[i], borrow);
    PA_UNROLL
    for (int i = 0; i < kLimbs; ++i) l.v[i] = borrow ? l.v[i] : d.v[i];  // keep l when l < m
  }

  // Coarsely integrated operand scanning without the final carry word
  // (valid because the modulus' top limb is below 2^63 - 1).
  PA_HD_INLINE static constexpr MontField mont_mul(const MontField& a, const MontField& b) {
#if PA_USE_X86_BMI2
    if (!std::is_constant_evaluated()) {
      return MontField{x86_bmi2::mont_mul(a.l, b.l, kModulusInMemory, P::inv)};
    }
#endif
    const Limbs m = P::modulus();
    u64 t[kLimbs] = {0, 0, 0, 0};
    PA_UNROLL
    for (int i = 0; i < kLimbs; ++i) {
      u64 hi_a = 0;
      t[0] = mul_add_carry(a.l.v[0], b.l.v[i], t[0], hi_a);
      const u64 q = t[0] * P::inv;
      u64 hi_m = 0;
      mul_add_carry(q, m.v[0], t[0], hi_m);
      PA_UNROLL
      for (int j = 1; j < kLimbs; ++j) {
        t[j] = mul_add_carry(a.l.v[j], b.l.v[i], t[j], hi_a);
        t[j - 1] = mul_add_carry(q, m.v[j], t[j], hi_m);
      }
      t[kLimbs - 1] = hi_m + hi_a;
    }
    MontField r{{{t[0], t[1], t[2], t[3]}}};
    r.subtract_modulus_if_needed();
    return r;
  }
};

}  // namespace proofagg::ff
