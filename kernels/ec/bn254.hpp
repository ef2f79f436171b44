// The BN254 groups: G1 = E(Fq): y^2 = x^3 + 3, and G2, the order-r subgroup of the
// D-type sextic twist E'(Fq2): y^2 = x^3 + 3 / (9 + u).
#pragma once

#include "kernels/ec/curve.hpp"
#include "kernels/ec/scalar_mul.hpp"
#include "kernels/ff/bn254.hpp"
#include "kernels/ff/fq2.hpp"
#include "kernels/ff/tower_constants.hpp"

namespace proofagg::ec {

using ff::Fq;
using ff::Fq2;
using ff::Fr;

// The BN parameter x = 4965661367192848881: p and r are polynomials in x.
PA_HD constexpr Limbs bn_x() { return {{0x44e992b44a6909f1ULL, 0, 0, 0}}; }

struct G1Curve {
  using Field = Fq;
  PA_HD static constexpr Fq b() {  // 3
    return Fq::from_raw({{0x7a17caa950ad28d7ULL, 0x1f6ac17ae15521b9ULL, 0x334bea4e696bd284ULL, 0x2a1f6744ce179d8eULL}});
  }
};

struct G2Curve {
  using Field = Fq2;
  PA_HD static constexpr Fq2 b() { return ff::twist_b(); }
};

using G1Affine = Affine<G1Curve>;
using G1 = Jacobian<G1Curve>;
using G2Affine = Affine<G2Curve>;
using G2 = Jacobian<G2Curve>;

// (1, 2), the generator Ethereum uses.
PA_HD constexpr G1Affine g1_generator() { return {Fq::one(), Fq::one().dbl()}; }

// The EIP-197 G2 generator.
PA_HD constexpr G2Affine g2_generator() {
  return {{Fq::from_raw({{0x8e83b5d102bc2026ULL, 0xdceb1935497b0172ULL, 0xfbb8264797811adfULL, 0x19573841af96503bULL}}),
           Fq::from_raw({{0xafb4737da84c6140ULL, 0x6043dd5a5802d8c4ULL, 0x09e950fc52a02f86ULL, 0x14fef0833aea7b6bULL}})},
          {Fq::from_raw({{0x619dfa9d886be9f6ULL, 0xfe7fd297f59e9b78ULL, 0xff9e1a62231b7dfeULL, 0x28fd7eebae9e4206ULL}}),
           Fq::from_raw({{0x64095b56c71856eeULL, 0xdc57f922327d3cbbULL, 0x55f935be33351076ULL, 0x0da4a0e693fd6482ULL}})}};
}

// ---- G1: the GLV endomorphism phi(x, y) = (beta x, y), acting as lambda on G1.

// beta, a primitive cube root of unity in Fq (Montgomery form).
PA_HD constexpr Fq glv_beta() {
  return Fq::from_raw({{0x71930c11d782e155ULL, 0xa6bb947cffbe3323ULL, 0xaa303344d4741444ULL, 0x2c3b3f0d26594943ULL}});
}

// lambda = 4407920970296243842393367215006156084916469457145843978461 (canonical).
PA_HD constexpr Limbs glv_lambda() {
  return {{0x8b17ea66b99c90ddULL, 0x5bfc41088d8daaa7ULL, 0xb3c4d79d41a91758ULL, 0x0000000000000000ULL}};
}

// k = k1 + k2 lambda (mod r) with |k1|, |k2| < 2^128, from the short lattice basis
// (a1, b1) = (9931322734385697763, -147946756881789319000765030803803410728),
// (a2, b2) = (147946756881789319010696353538189108491, 9931322734385697763).
struct GlvSplit {
  Limbs k1, k2;
  bool k1_negative, k2_negative;
};

PA_HD constexpr GlvSplit glv_split(const Limbs& k) {
  constexpr Limbs a1{{0x89d3256894d213e3ULL, 0, 0, 0}};
  constexpr Limbs a2{{0x0be4e1541221250bULL, 0x6f4d8248eeb859fdULL, 0, 0}};
  constexpr Limbs minus_b1{{0x8211bbeb7d4f1128ULL, 0x6f4d8248eeb859fcULL, 0, 0}};
  constexpr Limbs b2 = a1;
  // g1 = floor(2^256 b2 / r), g2 = floor(2^256 |b1| / r): c_i = (k g_i) >> 256.
  constexpr Limbs g1{{0xd91d232ec7e0b3d7ULL, 0x2ULL, 0, 0}};
  constexpr Limbs g2{{0x7a7bd9d4391eb18dULL, 0x4ccef014a773d2cfULL, 0x2ULL, 0}};
  const Limbs c1 = ff::limbs_mul_hi(k, g1);
  const Limbs c2 = ff::limbs_mul_hi(k, g2);
  GlvSplit s{};
  s.k1 = ff::limbs_sub(ff::limbs_sub(k, ff::limbs_mul_lo(c1, a1)), ff::limbs_mul_lo(c2, a2));
  s.k2 = ff::limbs_sub(ff::limbs_mul_lo(c1, minus_b1), ff::limbs_mul_lo(c2, b2));
  s.k1_negative = ff::limbs_take_abs(s.k1);
  s.k2_negative = ff::limbs_take_abs(s.k2);
  return s;
}

PA_HD constexpr G1 glv_endomorphism(const G1& p) { return {p.x * glv_beta(), p.y, p.z}; }

// k * p for a canonical scalar k < r (GLV: two half-length scalars, one doubling chain).
PA_HD constexpr G1 g1_mul(const G1& p, const Limbs& k) {
  const GlvSplit s = glv_split(k);
  const G1 p1 = s.k1_negative ? -p : p;
  G1 p2 = glv_endomorphism(p);
  if (s.k2_negative) p2 = -p2;
  return double_scalar_mul(p1, s.k1, p2, s.k2);
}

// ---- G2: psi = untwist-Frobenius-twist.

// psi(x, y) = (conj(x) gamma_x, conj(y) gamma_y), gamma_x = xi^((p-1)/3), gamma_y = xi^((p-1)/2).
PA_HD constexpr G2Affine g2_psi(const G2Affine& q) {
  if (q.is_infinity()) return q;
  return {q.x.conjugate() * ff::frobenius_coeff_v(1), q.y.conjugate() * ff::psi_coeff_y()};
}

PA_HD constexpr G2 g2_psi(const G2& q) {
  return {q.x.conjugate() * ff::frobenius_coeff_v(1), q.y.conjugate() * ff::psi_coeff_y(),
          q.z.conjugate()};
}

PA_HD constexpr G2 g2_mul(const G2& q, const Limbs& k) { return scalar_mul(q, k); }

// Membership in the order-r subgroup for a point already on the twist:
// [r]Q = 0 iff [x+1]Q + psi([x]Q) + psi^2([x]Q) = psi^3([2x]Q), which costs one
// 63-bit scalar multiplication instead of a 254-bit one (El Housni, Guillevic and
// Piellard, "Co-factor clearing and subgroup membership testing on
// pairing-friendly curves", ePrint 2022/352, section 5.1).
PA_HD constexpr bool g2_in_subgroup(const G2Affine& q) {
  if (q.is_infinity()) return true;
  const G2 qj = G2::from_affine(q);
  const G2 xq = scalar_mul(qj, bn_x());
  const G2 psi_xq = g2_psi(xq);
  const G2 lhs = xq + qj + psi_xq + g2_psi(psi_xq);
  const G2 rhs = g2_psi(g2_psi(g2_psi(xq.dbl())));
  return lhs == rhs;
}

}  // namespace proofagg::ec
