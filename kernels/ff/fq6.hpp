// Fq6 = Fq2[v] / (v^3 - xi), xi = 9 + u.
#pragma once

#include "kernels/ff/fq2.hpp"
#include "kernels/ff/tower_constants.hpp"

namespace proofagg::ff {

struct Fq6 {
  Fq2 c0, c1, c2;

  PA_HD static constexpr Fq6 zero() { return {Fq2::zero(), Fq2::zero(), Fq2::zero()}; }
  PA_HD static constexpr Fq6 one() { return {Fq2::one(), Fq2::zero(), Fq2::zero()}; }

  PA_HD constexpr bool is_zero() const { return c0.is_zero() && c1.is_zero() && c2.is_zero(); }
  PA_HD friend constexpr bool operator==(const Fq6& a, const Fq6& b) {
    return a.c0 == b.c0 && a.c1 == b.c1 && a.c2 == b.c2;
  }
  PA_HD friend constexpr bool operator!=(const Fq6& a, const Fq6& b) { return !(a == b); }

  PA_HD friend constexpr Fq6 operator+(const Fq6& a, const Fq6& b) {
    return {a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2};
  }
  PA_HD friend constexpr Fq6 operator-(const Fq6& a, const Fq6& b) {
    return {a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2};
  }
  PA_HD constexpr Fq6 operator-() const { return {-c0, -c1, -c2}; }

  // Karatsuba over three coefficients: six Fq2 products.
  PA_HD friend constexpr Fq6 operator*(const Fq6& a, const Fq6& b) {
    const Fq2 v0 = a.c0 * b.c0;
    const Fq2 v1 = a.c1 * b.c1;
    const Fq2 v2 = a.c2 * b.c2;
    return {v0 + ((a.c1 + a.c2) * (b.c1 + b.c2) - v1 - v2).mul_by_xi(),
            (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1 + v2.mul_by_xi(),
            (a.c0 + a.c2) * (b.c0 + b.c2) - v0 - v2 + v1};
  }
  PA_HD friend constexpr Fq6 operator*(const Fq6& a, const Fq2& s) {
    return {a.c0 * s, a.c1 * s, a.c2 * s};
  }
  PA_HD constexpr Fq6& operator*=(const Fq6& b) { return *this = *this * b; }

  PA_HD constexpr Fq6 dbl() const { return {c0.dbl(), c1.dbl(), c2.dbl()}; }

  // Chung-Hasan SQR2.
  PA_HD constexpr Fq6 square() const {
    const Fq2 s0 = c0.square();
    const Fq2 s1 = (c0 * c1).dbl();
    const Fq2 s2 = (c0 - c1 + c2).square();
    const Fq2 s3 = (c1 * c2).dbl();
    const Fq2 s4 = c2.square();
    return {s0 + s3.mul_by_xi(), s1 + s4.mul_by_xi(), s1 + s2 + s3 - s0 - s4};
  }

  // Multiplication by v: (a0 + a1 v + a2 v^2) v = xi a2 + a0 v + a1 v^2.
  PA_HD constexpr Fq6 mul_by_v() const { return {c2.mul_by_xi(), c0, c1}; }

  // Product with the sparse element b0 + b1 v.
  PA_HD constexpr Fq6 mul_by_01(const Fq2& b0, const Fq2& b1) const {
    const Fq2 v0 = c0 * b0;
    const Fq2 v1 = c1 * b1;
    return {v0 + (c2 * b1).mul_by_xi(), (c0 + c1) * (b0 + b1) - v0 - v1, v1 + c2 * b0};
  }

  PA_HD constexpr Fq6 inverse() const {
    const Fq2 t0 = c0.square() - (c1 * c2).mul_by_xi();
    const Fq2 t1 = c2.square().mul_by_xi() - c0 * c1;
    const Fq2 t2 = c1.square() - c0 * c2;
    const Fq2 d = (c0 * t0 + (c2 * t1 + c1 * t2).mul_by_xi()).inverse();
    return {t0 * d, t1 * d, t2 * d};
  }

  // x -> x^(p^k) for k in 1..3 (Fq12::frobenius composes larger powers).
  PA_HD constexpr Fq6 frobenius(int k) const {
    const bool odd = k & 1;
    const Fq2 a0 = odd ? c0.conjugate() : c0;
    const Fq2 a1 = odd ? c1.conjugate() : c1;
    const Fq2 a2 = odd ? c2.conjugate() : c2;
    return {a0, a1 * frobenius_coeff_v(k), a2 * frobenius_coeff_v2(k)};
  }
};

}  // namespace proofagg::ff
