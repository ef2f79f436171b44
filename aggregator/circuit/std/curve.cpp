#include "aggregator/circuit/std/curve.hpp"

#include <algorithm>
#include <stdexcept>

#include "aggregator/circuit/api.hpp"
#include "aggregator/commit/sha256.hpp"
#include "kernels/pairing/pairing.hpp"

namespace proofagg::circuit {

template <class Field>
auto EmulatedCurve<Field>::constant(const Affine& p) const -> Point {
  if (p.is_infinity()) throw std::logic_error("EmulatedCurve::constant: the point at infinity has no affine form");
  return {f_.constant(p.x), f_.constant(p.y)};
}

template <class Field>
auto EmulatedCurve<Field>::private_input(const Affine& p) -> Point {
  const Point out{f_.private_input(p.x), f_.private_input(p.y)};
  assert_on_curve(out);
  return out;
}

template <class Field>
void EmulatedCurve<Field>::assert_on_curve(const Point& p) {
  const Var x2 = f_.mul(p.x, p.x);
  f_.assert_equal(f_.product(p.y, p.y), f_.add(f_.product(x2, p.x), f_.constant(Field::curve_b())));
}

template <class Field>
void EmulatedCurve<Field>::assert_equal(const Point& p, const Point& q) {
  f_.assert_equal(p.x, q.x);
  f_.assert_equal(p.y, q.y);
}

template <class Field>
auto EmulatedCurve<Field>::neg(const Point& p) const -> Point {
  return {p.x, f_.neg(p.y)};
}

template <class Field>
auto EmulatedCurve<Field>::add(const Point& p, const Point& q, Var* slope) -> Point {
  const Var lambda = f_.div(f_.sub(q.y, p.y), f_.sub(q.x, p.x));
  if (slope != nullptr) *slope = lambda;
  const Var x = f_.reduce(f_.sub(f_.product(lambda, lambda), f_.add(p.x, q.x)));
  const Var y = f_.reduce(f_.sub(f_.product(lambda, f_.sub(p.x, x)), p.y));
  return {x, y};
}

template <class Field>
auto EmulatedCurve<Field>::dbl(const Point& p, Var* slope) -> Point {
  const Var x2 = f_.mul(p.x, p.x);
  const Var lambda = f_.div(f_.mul_small(x2, 3), f_.mul_small(p.y, 2));
  if (slope != nullptr) *slope = lambda;
  const Var x = f_.reduce(f_.sub(f_.product(lambda, lambda), f_.mul_small(p.x, 2)));
  const Var y = f_.reduce(f_.sub(f_.product(lambda, f_.sub(p.x, x)), p.y));
  return {x, y};
}

template <class Field>
auto EmulatedCurve<Field>::select(const LC& condition, const Point& p, const Point& q) -> Point {
  return {f_.select(condition, p.x, q.x), f_.select(condition, p.y, q.y)};
}

template <class Field>
auto EmulatedCurve<Field>::value(const Point& p) const -> Affine {
  return {f_.value(p.x), f_.value(p.y)};
}

template class EmulatedCurve<G1Field>;
template class EmulatedCurve<G2Field>;

const ec::G1Affine& EmulatedG1::offset_point() {
  // Try-and-increment from SHA-256("proofagg.circuit.g1.offset"): the first x with
  // x^3 + 3 a square, its square root. G1 has cofactor 1: any curve point is in G1.
  static const ec::G1Affine t = [] {
    const Sha256Digest seed = Sha256().update("proofagg.circuit.g1.offset").finish();
    ff::Limbs limbs{};
    for (int i = 0; i < 4; ++i) {
      for (int j = 0; j < 8; ++j) limbs.v[3 - i] = (limbs.v[3 - i] << 8) | seed[8 * i + j];
    }
    limbs.v[3] &= (std::uint64_t{1} << 61) - 1;  // below p
    ff::Fq x = ff::Fq::from_canonical(limbs);
    for (;;) {
      ff::Fq y;
      if ((x.square() * x + ff::Fq::from_u64(3)).sqrt(y)) return ec::G1Affine{x, y};
      x = x + ff::Fq::one();
    }
  }();
  return t;
}

G1Var EmulatedG1::multi_scalar_mul(std::span<const G1Var> points, std::span<const std::vector<Variable>> scalars,
                                   const G1Var* base) {
  if (points.size() != scalars.size()) throw std::logic_error("multi_scalar_mul: one scalar per point");
  std::size_t levels = 0;
  for (const auto& bits : scalars) levels = std::max(levels, bits.size());
  const ec::G1Affine& t = offset_point();
  G1Var acc = constant(t);
  for (std::size_t level = levels; level-- > 0;) {
    acc = dbl(acc);
    for (std::size_t i = 0; i < points.size(); ++i) {
      if (level < scalars[i].size()) acc = select(scalars[i][level], add(acc, points[i]), acc);
    }
  }
  if (base != nullptr) acc = add(acc, *base);
  // acc = [2^levels] T + the sum (+ base): take the constant offset back out.
  ec::G1 shift = ec::G1::from_affine(t);
  for (std::size_t i = 0; i < levels; ++i) shift = shift.dbl();
  return add(acc, neg(constant(shift.to_affine())));
}

G2Var EmulatedG2::psi(const G2Var& q) {
  return {f_.reduce(f_.mul_unreduced(f_.conjugate(q.x), f_.constant(ff::frobenius_coeff_v(1)))),
          f_.reduce(f_.mul_unreduced(f_.conjugate(q.y), f_.constant(ff::psi_coeff_y())))};
}

G2Var EmulatedG2::mul_by_x(const G2Var& q) {
  G2Var t = q;  // the leading digit
  const G2Var minus_q = neg(q);
  for (int i = 1; i < pairing::kBnXNafLength; ++i) {
    t = dbl(t);
    const int digit = pairing::bn_x_naf_digit(i);
    if (digit != 0) t = add(t, digit > 0 ? q : minus_q);
  }
  return t;
}

void EmulatedG2::assert_in_subgroup(const G2Var& q) {
  const G2Var xq = mul_by_x(q);
  const G2Var psi_xq = psi(xq);
  const G2Var lhs = add(add(add(xq, q), psi_xq), psi(psi_xq));
  const G2Var rhs = psi(psi(psi(dbl(xq))));
  assert_equal(lhs, rhs);
}

G1Var EmulatedG1::fixed_base_msm(std::span<const ec::G1Affine> points, std::span<const std::vector<Variable>> scalars,
                                 const G1Var& base) {
  if (points.size() != scalars.size()) throw std::logic_error("fixed_base_msm: one scalar per point");
  const ec::G1Affine& t = offset_point();
  G1Var acc = constant(t);
  for (std::size_t i = 0; i < points.size(); ++i) {
    ec::G1 multiple = ec::G1::from_affine(points[i]);  // [2^j] P_i
    for (const Variable bit : scalars[i]) {
      acc = select(bit, add(acc, constant(multiple.to_affine())), acc);
      multiple = multiple.dbl();
    }
  }
  acc = add(acc, base);
  return add(acc, neg(constant(t)));
}

}  // namespace proofagg::circuit
