// Fq2 = Fq[u] / (u^2 + 1), the quadratic extension Ethereum uses for G2.
#pragma once

#include "kernels/ff/bn254.hpp"

namespace proofagg::ff {

struct Fq2 {
  Fq c0;  // real part
  Fq c1;  // coefficient of u

  PA_HD_INLINE static constexpr Fq2 zero() { return {Fq::zero(), Fq::zero()}; }
  PA_HD_INLINE static constexpr Fq2 one() { return {Fq::one(), Fq::zero()}; }

  PA_HD_INLINE constexpr bool is_zero() const { return c0.is_zero() && c1.is_zero(); }
  PA_HD_INLINE constexpr bool is_one() const { return c0.is_one() && c1.is_zero(); }
  PA_HD_INLINE friend constexpr bool operator==(const Fq2& a, const Fq2& b) {
    return a.c0 == b.c0 && a.c1 == b.c1;
  }
  PA_HD_INLINE friend constexpr bool operator!=(const Fq2& a, const Fq2& b) { return !(a == b); }

  PA_HD_INLINE friend constexpr Fq2 operator+(const Fq2& a, const Fq2& b) {
    return {a.c0 + b.c0, a.c1 + b.c1};
  }
  PA_HD_INLINE friend constexpr Fq2 operator-(const Fq2& a, const Fq2& b) {
    return {a.c0 - b.c0, a.c1 - b.c1};
  }
  PA_HD_INLINE constexpr Fq2 operator-() const { return {-c0, -c1}; }

  // Karatsuba with lazy reduction: three 512-bit products, two reductions.
  // c1 = a0 b1 + a1 b0 < 2p^2 and c0 = a0 b0 - a1 b1 (+ p 2^256 when negative)
  // both stay below p 2^256, as Montgomery reduction requires.
  PA_HD_INLINE friend constexpr Fq2 operator*(const Fq2& a, const Fq2& b) {
    const WideLimbs v0 = Fq::mul_wide(a.c0, b.c0);
    const WideLimbs v1 = Fq::mul_wide(a.c1, b.c1);
    const WideLimbs v2 =
        Fq::mul_wide(Fq::add_no_reduce(a.c0, a.c1), Fq::add_no_reduce(b.c0, b.c1));
    u64 borrow = 0;
    WideLimbs re = wide_sub(v0, v1, borrow);
    if (borrow) re = wide_add_high(re, FqParams::modulus());
    const WideLimbs im = wide_sub(wide_sub(v2, v0, borrow), v1, borrow);
    return {Fq::redc(re), Fq::redc(im)};
  }
  PA_HD_INLINE friend constexpr Fq2 operator*(const Fq2& a, const Fq& s) { return {a.c0 * s, a.c1 * s}; }

  PA_HD_INLINE constexpr Fq2& operator+=(const Fq2& b) { return *this = *this + b; }
  PA_HD_INLINE constexpr Fq2& operator-=(const Fq2& b) { return *this = *this - b; }
  PA_HD_INLINE constexpr Fq2& operator*=(const Fq2& b) { return *this = *this * b; }

  PA_HD_INLINE constexpr Fq2 dbl() const { return {c0.dbl(), c1.dbl()}; }
  PA_HD_INLINE constexpr Fq2 halve() const { return {c0.halve(), c1.halve()}; }

  // (a + bu)^2 = (a + b)(a - b) + 2ab u.
  PA_HD_INLINE constexpr Fq2 square() const {
    const Fq ab = c0 * c1;
    return {(c0 + c1) * (c0 - c1), ab.dbl()};
  }

  PA_HD_INLINE constexpr Fq2 conjugate() const { return {c0, -c1}; }
  // The p-power Frobenius is conjugation.
  PA_HD_INLINE constexpr Fq2 frobenius() const { return conjugate(); }

  PA_HD_INLINE constexpr Fq norm() const { return c0.square() + c1.square(); }

  PA_HD constexpr Fq2 inverse() const {
    const Fq t = norm().inverse();
    return {c0 * t, -(c1 * t)};
  }

  // Multiplication by the sextic non-residue xi = 9 + u used to build Fq6 and Fq12.
  PA_HD_INLINE constexpr Fq2 mul_by_xi() const {
    const Fq a8 = c0.dbl().dbl().dbl();
    const Fq b8 = c1.dbl().dbl().dbl();
    return {a8 + c0 - c1, b8 + c1 + c0};
  }

  PA_HD constexpr Fq2 pow(const Limbs& e) const { return power(*this, e); }

  // Square root for p = 3 mod 4 (Adj and Rodriguez-Henriquez, Algorithm 9).
  // Returns false when *this is not a square.
  PA_HD constexpr bool sqrt(Fq2& out) const {
    if (is_zero()) {
      out = zero();
      return true;
    }
    const Fq2 a1 = pow(FqParams::odd_part_half());  // a^((p-3)/4)
    const Fq2 alpha = a1.square() * *this;          // a^((p-1)/2)
    const Fq2 a0 = alpha.frobenius() * alpha;       // a^((p^2-1)/2)
    const Fq minus_one = -Fq::one();
    if (a0.c0 == minus_one && a0.c1.is_zero()) return false;
    const Fq2 x0 = a1 * *this;
    Fq2 root;
    if (alpha.c0 == minus_one && alpha.c1.is_zero()) {
      root = {-x0.c1, x0.c0};  // u * x0
    } else {
      const Fq2 b = (one() + alpha).pow(FqParams::half_order());
      root = b * x0;
    }
    if (root.square() != *this) return false;
    out = root;
    return true;
  }
};

}  // namespace proofagg::ff
