// The optimal ate pairing on BN254 and multi-pairings with one shared final
// exponentiation. The Miller loop runs over the signed digits of 6x + 2 with
// homogeneous projective G2 arithmetic and sparse line multiplication for the
// D-type twist (Costello-Lange-Naehrig; Aranha et al., "Faster explicit formulas
// for computing pairings over ordinary curves"). The hard part of the final
// exponentiation follows Fuentes-Castaneda, Knapp and Rodriguez-Henriquez.
#pragma once

#include "kernels/ec/bn254.hpp"
#include "kernels/ff/fq12.hpp"

namespace proofagg::pairing {

using ec::G1Affine;
using ec::G2Affine;
using ff::Fq;
using ff::Fq12;
using ff::Fq2;

// NAF of x, most significant digit first (24 non-zero digits against 28 set bits).
inline constexpr int kBnXNafLength = 63;
PA_HD constexpr int bn_x_naf_digit(int i) {
  constexpr signed char digits[kBnXNafLength] = {
      1, 0, 0, 0, 1, 0, 1, 0, 0, -1, 0, 1, 0, 1, 0, -1, 0, 0, 1, 0, 1, 0, -1, 0, -1, 0, -1, 0, 1, 0, 0, 0,
      1, 0, 0, 1, 0, 1, 0, 1, 0, -1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, -1, 0, 0, 0, 1};
  return digits[i];
}

// NAF of 6x + 2, least significant digit first.
inline constexpr int kAteLoopLength = 66;
PA_HD constexpr int ate_loop_digit(int i) {
  constexpr signed char digits[kAteLoopLength] = {
      0, 0, 0, 1,  0, 1, 0, -1, 0, 0, -1, 0, 0, 0,  1, 0, 0, -1, 0,  -1, 0, 0,
      0, 1, 0, -1, 0, 0, 0, 0,  -1, 0, 0, 1, 0, -1, 0, 0, 1, 0,  0, 0, 0,  0,
      -1, 0, 0, -1, 0, 1, 0, -1, 0, 0, 0, -1, 0, -1, 0, 0, 0, 1,  0, -1, 0, 1};
  return digits[i];
}

// One doubling line per loop step below the top digit, one addition line per
// non-zero digit there, and two for the Frobenius-twisted points.
inline constexpr int kNumLineCoeffs = (kAteLoopLength - 1) + 21 + 2;

// A line through points of the twist, evaluated at P = (px, py) in G1, is the
// sparse Fq12 element (c0 py) + (c1 px) w + c2 v w (see Fq12::mul_by_034).
struct LineCoeffs {
  Fq2 c0, c1, c2;
};

// The lines of the Miller loop for a fixed G2 point: computed once per point and
// reusable for every pairing with it (verifying keys are fixed).
struct G2Prepared {
  LineCoeffs lines[kNumLineCoeffs];
  bool infinity;
};

namespace detail {

struct G2Projective {
  Fq2 x, y, z;
};

PA_HD constexpr LineCoeffs doubling_step(G2Projective& r) {
  const Fq2 a = (r.x * r.y).halve();
  const Fq2 b = r.y.square();
  const Fq2 c = r.z.square();
  const Fq2 e = ff::twist_b() * (c.dbl() + c);
  const Fq2 f = e.dbl() + e;
  const Fq2 g = (b + f).halve();
  const Fq2 h = (r.y + r.z).square() - (b + c);
  const Fq2 i = e - b;
  const Fq2 j = r.x.square();
  const Fq2 e2 = e.square();
  r.x = a * (b - f);
  r.y = g.square() - (e2.dbl() + e2);
  r.z = b * h;
  return {-h, j.dbl() + j, i};
}

PA_HD constexpr LineCoeffs addition_step(G2Projective& r, const G2Affine& q) {
  const Fq2 theta = r.y - q.y * r.z;
  const Fq2 lambda = r.x - q.x * r.z;
  const Fq2 c = theta.square();
  const Fq2 d = lambda.square();
  const Fq2 e = lambda * d;
  const Fq2 f = r.z * c;
  const Fq2 g = r.x * d;
  const Fq2 h = e + f - g.dbl();
  r.x = lambda * h;
  r.y = theta * (g - h) - e * r.y;
  r.z = r.z * e;
  const Fq2 j = theta * q.x - lambda * q.y;
  return {lambda, -theta, j};
}

// Multiplies f by line number `line` of every pair where both points are finite,
// two lines at a time (their product is cheaper to multiply in than each line).
PA_HD constexpr void multiply_by_lines(Fq12& f, const G1Affine* p, const G2Prepared* q, int n, int line) {
  bool pending = false;
  Fq2 pending_d0, pending_d3, pending_d4;
  for (int k = 0; k < n; ++k) {
    if (p[k].is_infinity() || q[k].infinity) continue;
    const LineCoeffs& l = q[k].lines[line];
    const Fq2 d0 = l.c0 * p[k].y;
    const Fq2 d3 = l.c1 * p[k].x;
    if (!pending) {
      pending_d0 = d0;
      pending_d3 = d3;
      pending_d4 = l.c2;
      pending = true;
      continue;
    }
    f = f.mul_by_line_product(Fq12::line_product(pending_d0, pending_d3, pending_d4, d0, d3, l.c2));
    pending = false;
  }
  if (pending) f = f.mul_by_034(pending_d0, pending_d3, pending_d4);
}

// f^(-x) for f in the cyclotomic subgroup, where the conjugate is the inverse.
PA_HD constexpr Fq12 cyclotomic_pow_neg_x(const Fq12& f) {
  const Fq12 f_inv = f.conjugate();
  Fq12 r = f;
  for (int i = 1; i < kBnXNafLength; ++i) {
    r = r.cyclotomic_square();
    const int d = bn_x_naf_digit(i);
    if (d == 1) r = r * f;
    if (d == -1) r = r * f_inv;
  }
  return r.conjugate();
}

}  // namespace detail

PA_HD constexpr void prepare_g2(const G2Affine& q, G2Prepared& out) {
  out.infinity = q.is_infinity();
  if (out.infinity) return;
  detail::G2Projective r{q.x, q.y, Fq2::one()};
  const G2Affine neg_q = -q;
  int n = 0;
  for (int i = kAteLoopLength - 2; i >= 0; --i) {
    out.lines[n++] = detail::doubling_step(r);
    const int d = ate_loop_digit(i);
    if (d == 1) out.lines[n++] = detail::addition_step(r, q);
    if (d == -1) out.lines[n++] = detail::addition_step(r, neg_q);
  }
  const G2Affine q1 = ec::g2_psi(q);
  const G2Affine q2 = -ec::g2_psi(q1);
  out.lines[n++] = detail::addition_step(r, q1);
  out.lines[n++] = detail::addition_step(r, q2);
}

// Product of the Miller loops of n pairs, with the squarings shared.
// Pairs where either point is the identity contribute 1.
PA_HD constexpr Fq12 miller_loop(const G1Affine* p, const G2Prepared* q, int n) {
  Fq12 f = Fq12::one();
  int line = 0;
  for (int i = kAteLoopLength - 2; i >= 0; --i) {
    if (i != kAteLoopLength - 2) f = f.square();
    detail::multiply_by_lines(f, p, q, n, line++);
    if (ate_loop_digit(i) != 0) detail::multiply_by_lines(f, p, q, n, line++);
  }
  detail::multiply_by_lines(f, p, q, n, line++);
  detail::multiply_by_lines(f, p, q, n, line++);
  return f;
}

PA_HD constexpr Fq12 final_exponentiation(const Fq12& f) {
  // Easy part: f^((p^6 - 1)(p^2 + 1)) lands in the cyclotomic subgroup.
  Fq12 r = f.conjugate() * f.inverse();
  r = r.frobenius(2) * r;
  // Hard part.
  const Fq12 y0 = detail::cyclotomic_pow_neg_x(r);
  const Fq12 y1 = y0.cyclotomic_square();
  const Fq12 y2 = y1.cyclotomic_square();
  const Fq12 y3 = (y2 * y1).conjugate();
  const Fq12 y4 = detail::cyclotomic_pow_neg_x(y2 * y1);
  const Fq12 y5 = y4.cyclotomic_square();
  const Fq12 y6 = detail::cyclotomic_pow_neg_x(y5).conjugate();
  const Fq12 y7 = y6 * y4;
  const Fq12 y8 = y7 * y3;
  const Fq12 y9 = y8 * y1;
  const Fq12 y10 = y8 * y4;
  const Fq12 y11 = y10 * r;
  const Fq12 y13 = y9.frobenius(1) * y11;
  const Fq12 y14 = y8.frobenius(2) * y13;
  const Fq12 y15 = (r.conjugate() * y9).frobenius(3);
  return y15 * y14;
}

}  // namespace proofagg::pairing
