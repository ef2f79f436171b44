// Fq12 = Fq6[w] / (w^2 - v): the pairing's target field, in the tower Ethereum uses.
#pragma once

#include "kernels/ff/fq6.hpp"

namespace proofagg::ff {

struct Fq12 {
  Fq6 c0, c1;

  PA_HD static constexpr Fq12 zero() { return {Fq6::zero(), Fq6::zero()}; }
  PA_HD static constexpr Fq12 one() { return {Fq6::one(), Fq6::zero()}; }

  PA_HD constexpr bool is_one() const { return c0 == Fq6::one() && c1.is_zero(); }
  PA_HD friend constexpr bool operator==(const Fq12& a, const Fq12& b) {
    return a.c0 == b.c0 && a.c1 == b.c1;
  }
  PA_HD friend constexpr bool operator!=(const Fq12& a, const Fq12& b) { return !(a == b); }

  PA_HD friend constexpr Fq12 operator+(const Fq12& a, const Fq12& b) {
    return {a.c0 + b.c0, a.c1 + b.c1};
  }
  PA_HD friend constexpr Fq12 operator-(const Fq12& a, const Fq12& b) {
    return {a.c0 - b.c0, a.c1 - b.c1};
  }

  PA_HD friend constexpr Fq12 operator*(const Fq12& a, const Fq12& b) {
    const Fq6 aa = a.c0 * b.c0;
    const Fq6 bb = a.c1 * b.c1;
    return {aa + bb.mul_by_v(), (a.c0 + a.c1) * (b.c0 + b.c1) - aa - bb};
  }
  PA_HD constexpr Fq12& operator*=(const Fq12& b) { return *this = *this * b; }

  // Complex squaring: two Fq6 products.
  PA_HD constexpr Fq12 square() const {
    const Fq6 ab = c0 * c1;
    return {(c0 + c1) * (c0 + c1.mul_by_v()) - ab - ab.mul_by_v(), ab.dbl()};
  }

  // In the cyclotomic subgroup (after the easy part of the final exponentiation)
  // the conjugate is the inverse.
  PA_HD constexpr Fq12 conjugate() const { return {c0, -c1}; }

  PA_HD constexpr Fq12 inverse() const {
    const Fq6 t = (c0.square() - c1.square().mul_by_v()).inverse();
    return {c0 * t, -(c1 * t)};
  }

  // Product with the sparse line value d0 + (d3 + d4 v) w produced by a D-type twist.
  PA_HD constexpr Fq12 mul_by_034(const Fq2& d0, const Fq2& d3, const Fq2& d4) const {
    const Fq6 a = c0 * d0;
    const Fq6 b = c1.mul_by_01(d3, d4);
    const Fq6 e = (c0 + c1).mul_by_01(d0 + d3, d4);
    return {a + b.mul_by_v(), e - a - b};
  }

  // The product of two sparse line values d0 + (d3 + d4 v) w and e0 + (e3 + e4 v) w
  // (six Fq2 products); it has no v^2 w term. With A = d0, B = d3 + d4 v:
  // (A + B w)(A' + B' w) = A A' + B B' v + (A B' + A' B) w.
  PA_HD static constexpr Fq12 line_product(const Fq2& d0, const Fq2& d3, const Fq2& d4, const Fq2& e0,
                                           const Fq2& e3, const Fq2& e4) {
    const Fq2 x00 = d0 * e0;
    const Fq2 x33 = d3 * e3;
    const Fq2 x44 = d4 * e4;
    const Fq2 x03 = (d0 + d3) * (e0 + e3) - x00 - x33;
    const Fq2 x04 = (d0 + d4) * (e0 + e4) - x00 - x44;
    const Fq2 x34 = (d3 + d4) * (e3 + e4) - x33 - x44;
    return {{x00 + x44.mul_by_xi(), x33, x34}, {x03, x04, Fq2::zero()}};
  }

  // Product with an element whose v^2 w coefficient is zero (a line product):
  // 17 Fq2 products, against 26 for two mul_by_034 calls.
  PA_HD constexpr Fq12 mul_by_line_product(const Fq12& s) const {
    const Fq6 a = c0 * s.c0;
    const Fq6 b = c1.mul_by_01(s.c1.c0, s.c1.c1);
    const Fq6 e = (c0 + c1) * Fq6{s.c0.c0 + s.c1.c0, s.c0.c1 + s.c1.c1, s.c0.c2};
    return {a + b.mul_by_v(), e - a - b};
  }

  // x -> x^(p^k) for any k >= 0 (the coefficient tables cover k = 1..3).
  PA_HD constexpr Fq12 frobenius(int k) const {
    Fq12 r = *this;
    for (; k > 0; k -= 3) {
      const int step = k < 3 ? k : 3;
      r = {r.c0.frobenius(step), r.c1.frobenius(step) * frobenius_coeff_w(step)};
    }
    return r;
  }

  // Granger-Scott squaring, valid only in the cyclotomic subgroup.
  // The element is read as three Fq4 values (z0 + z1 s), (z2 + z3 s), (z4 + z5 s).
  PA_HD constexpr Fq12 cyclotomic_square() const {
    const Fq2& z0 = c0.c0;
    const Fq2& z4 = c0.c1;
    const Fq2& z3 = c0.c2;
    const Fq2& z2 = c1.c0;
    const Fq2& z1 = c1.c1;
    const Fq2& z5 = c1.c2;
    // (x + y s)^2 in Fq4 = Fq2[s]/(s^2 - xi): returns (x^2 + xi y^2, 2xy).
    auto fq4_square = [](const Fq2& x, const Fq2& y, Fq2& re, Fq2& im) {
      const Fq2 xy = x * y;
      re = (x + y) * (y.mul_by_xi() + x) - xy - xy.mul_by_xi();
      im = xy.dbl();
    };
    Fq2 t0, t1, t2, t3, t4, t5;
    fq4_square(z0, z1, t0, t1);
    fq4_square(z2, z3, t2, t3);
    fq4_square(z4, z5, t4, t5);
    // z0' = 3 t0 - 2 z0, z1' = 3 t1 + 2 z1, z2' = 3 xi t5 + 2 z2,
    // z3' = 3 t4 - 2 z3, z4' = 3 t2 - 2 z4, z5' = 3 t3 + 2 z5.
    auto three_minus_two = [](const Fq2& t, const Fq2& z) { return (t - z).dbl() + t; };
    auto three_plus_two = [](const Fq2& t, const Fq2& z) { return (t + z).dbl() + t; };
    Fq12 r;
    r.c0.c0 = three_minus_two(t0, z0);
    r.c1.c1 = three_plus_two(t1, z1);
    r.c1.c0 = three_plus_two(t5.mul_by_xi(), z2);
    r.c0.c2 = three_minus_two(t4, z3);
    r.c0.c1 = three_minus_two(t2, z4);
    r.c1.c2 = three_plus_two(t3, z5);
    return r;
  }

  PA_HD constexpr Fq12 pow(const Limbs& e) const { return power(*this, e); }
};

}  // namespace proofagg::ff
