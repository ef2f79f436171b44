// Short Weierstrass curves y^2 = x^3 + b (a = 0) over a field F, in affine and
// Jacobian coordinates. The affine point at infinity is encoded as (0, 0), as
// Ethereum encodes it; (0, 0) is never on such a curve since b != 0.
#pragma once

#include "kernels/core/hd.hpp"

namespace proofagg::ec {

// Curve supplies: using Field; PA_HD static constexpr Field b();
template <class Curve>
struct Affine {
  using F = typename Curve::Field;
  F x, y;

  PA_HD static constexpr Affine infinity() { return {F::zero(), F::zero()}; }
  PA_HD constexpr bool is_infinity() const { return x.is_zero() && y.is_zero(); }

  // True for the point at infinity as well.
  PA_HD constexpr bool is_on_curve() const {
    if (is_infinity()) return true;
    return y.square() == x.square() * x + Curve::b();
  }

  PA_HD constexpr Affine operator-() const {
    if (is_infinity()) return *this;
    return {x, -y};
  }
  PA_HD friend constexpr bool operator==(const Affine& a, const Affine& b) {
    return a.x == b.x && a.y == b.y;
  }
  PA_HD friend constexpr bool operator!=(const Affine& a, const Affine& b) { return !(a == b); }
};

// (X, Y, Z) represents (X / Z^2, Y / Z^3); Z = 0 is the point at infinity.
template <class Curve>
struct Jacobian {
  using F = typename Curve::Field;
  using AffinePoint = Affine<Curve>;
  F x, y, z;

  PA_HD static constexpr Jacobian infinity() { return {F::one(), F::one(), F::zero()}; }
  PA_HD static constexpr Jacobian from_affine(const AffinePoint& p) {
    if (p.is_infinity()) return infinity();
    return {p.x, p.y, F::one()};
  }
  PA_HD constexpr bool is_infinity() const { return z.is_zero(); }

  PA_HD constexpr AffinePoint to_affine() const {
    if (is_infinity()) return AffinePoint::infinity();
    const F zinv = z.inverse();
    const F zinv2 = zinv.square();
    return {x * zinv2, y * zinv2 * zinv};
  }

  PA_HD constexpr bool is_on_curve() const {
    if (is_infinity()) return true;
    const F z2 = z.square();
    const F z6 = z2.square() * z2;
    return y.square() == x.square() * x + Curve::b() * z6;
  }

  PA_HD constexpr Jacobian operator-() const { return {x, -y, z}; }

  // Equality of the represented points, without inversions.
  PA_HD friend constexpr bool operator==(const Jacobian& p, const Jacobian& q) {
    if (p.is_infinity() || q.is_infinity()) return p.is_infinity() && q.is_infinity();
    const F pz2 = p.z.square();
    const F qz2 = q.z.square();
    return p.x * qz2 == q.x * pz2 && p.y * qz2 * q.z == q.y * pz2 * p.z;
  }
  PA_HD friend constexpr bool operator!=(const Jacobian& p, const Jacobian& q) {
    return !(p == q);
  }

  // dbl-2009-l: 2M + 5S.
  PA_HD constexpr Jacobian dbl() const {
    if (is_infinity()) return *this;
    const F a = x.square();
    const F b = y.square();
    const F c = b.square();
    const F d = ((x + b).square() - a - c).dbl();
    const F e = a.dbl() + a;
    const F f = e.square();
    Jacobian r;
    r.x = f - d.dbl();
    r.y = e * (d - r.x) - c.dbl().dbl().dbl();
    r.z = (y * z).dbl();
    return r;
  }

  // add-2007-bl: 11M + 5S, with the exceptional cases handled.
  PA_HD friend constexpr Jacobian operator+(const Jacobian& p, const Jacobian& q) {
    if (p.is_infinity()) return q;
    if (q.is_infinity()) return p;
    const F z1z1 = p.z.square();
    const F z2z2 = q.z.square();
    const F u1 = p.x * z2z2;
    const F u2 = q.x * z1z1;
    const F s1 = p.y * q.z * z2z2;
    const F s2 = q.y * p.z * z1z1;
    const F h = u2 - u1;
    const F rr = (s2 - s1).dbl();
    if (h.is_zero()) return rr.is_zero() ? p.dbl() : infinity();
    const F i = h.dbl().square();
    const F j = h * i;
    const F v = u1 * i;
    Jacobian r;
    r.x = rr.square() - j - v.dbl();
    r.y = rr * (v - r.x) - (s1 * j).dbl();
    r.z = ((p.z + q.z).square() - z1z1 - z2z2) * h;
    return r;
  }

  // madd-2007-bl: 7M + 4S, adding an affine point.
  PA_HD constexpr Jacobian add_mixed(const AffinePoint& q) const {
    if (q.is_infinity()) return *this;
    if (is_infinity()) return from_affine(q);
    const F z1z1 = z.square();
    const F u2 = q.x * z1z1;
    const F s2 = q.y * z * z1z1;
    const F h = u2 - x;
    const F rr = (s2 - y).dbl();
    if (h.is_zero()) return rr.is_zero() ? dbl() : infinity();
    const F hh = h.square();
    const F i = hh.dbl().dbl();
    const F j = h * i;
    const F v = x * i;
    Jacobian r;
    r.x = rr.square() - j - v.dbl();
    r.y = rr * (v - r.x) - (y * j).dbl();
    r.z = (z + h).square() - z1z1 - hh;
    return r;
  }

  PA_HD constexpr Jacobian& operator+=(const Jacobian& q) { return *this = *this + q; }
  PA_HD friend constexpr Jacobian operator-(const Jacobian& p, const Jacobian& q) { return p + (-q); }
};

}  // namespace proofagg::ec
