#include "aggregator/circuit/std/g1.hpp"

#include <algorithm>
#include <stdexcept>

#include "aggregator/circuit/api.hpp"
#include "aggregator/commit/sha256.hpp"
#include "kernels/ff/codec.hpp"

namespace proofagg::circuit {

using ec::G1Affine;
using ff::Fq;

const G1Affine& EmulatedG1::offset_point() {
  // Try-and-increment from SHA-256("proofagg.circuit.g1.offset"): the first x with
  // x^3 + 3 a square, the smaller root. G1 has cofactor 1, so any curve point is in G1.
  static const G1Affine t = [] {
    const Sha256Digest seed = Sha256().update("proofagg.circuit.g1.offset").finish();
    ff::Limbs limbs{};
    for (int i = 0; i < 4; ++i) {
      for (int j = 0; j < 8; ++j) limbs.v[3 - i] = (limbs.v[3 - i] << 8) | seed[8 * i + j];
    }
    limbs.v[3] &= (std::uint64_t{1} << 61) - 1;  // below p
    Fq x = Fq::from_canonical(limbs);
    for (;;) {
      Fq y;
      if ((x.square() * x + Fq::from_u64(3)).sqrt(y)) return G1Affine{x, y};
      x = x + Fq::one();
    }
  }();
  return t;
}

G1Var EmulatedG1::constant(const G1Affine& p) const {
  if (p.is_infinity()) throw std::logic_error("EmulatedG1::constant: the point at infinity has no affine form");
  return {fq_.constant(p.x), fq_.constant(p.y)};
}

G1Var EmulatedG1::private_input(const G1Affine& p) {
  const G1Var out{fq_.private_input(p.x), fq_.private_input(p.y)};
  assert_on_curve(out);
  return out;
}

void EmulatedG1::assert_on_curve(const G1Var& p) {
  const FqVar x2 = fq_.mul(p.x, p.x);
  fq_.assert_equal(fq_.product(p.y, p.y), fq_.add(fq_.product(x2, p.x), fq_.constant(Fq::from_u64(3))));
}

void EmulatedG1::assert_equal(const G1Var& p, const G1Var& q) {
  fq_.assert_equal(p.x, q.x);
  fq_.assert_equal(p.y, q.y);
}

G1Var EmulatedG1::neg(const G1Var& p) const { return {p.x, fq_.neg(p.y)}; }

G1Var EmulatedG1::add(const G1Var& p, const G1Var& q) {
  const FqVar lambda = fq_.div(fq_.sub(q.y, p.y), fq_.sub(q.x, p.x));
  const FqVar x = fq_.reduce(fq_.sub(fq_.product(lambda, lambda), fq_.add(p.x, q.x)));
  const FqVar y = fq_.reduce(fq_.sub(fq_.product(lambda, fq_.sub(p.x, x)), p.y));
  return {x, y};
}

G1Var EmulatedG1::dbl(const G1Var& p) {
  const FqVar x2 = fq_.mul(p.x, p.x);
  const FqVar lambda = fq_.div(fq_.mul_small(x2, 3), fq_.mul_small(p.y, 2));
  const FqVar x = fq_.reduce(fq_.sub(fq_.product(lambda, lambda), fq_.mul_small(p.x, 2)));
  const FqVar y = fq_.reduce(fq_.sub(fq_.product(lambda, fq_.sub(p.x, x)), p.y));
  return {x, y};
}

G1Var EmulatedG1::select(const LC& condition, const G1Var& p, const G1Var& q) {
  return {fq_.select(condition, p.x, q.x), fq_.select(condition, p.y, q.y)};
}

G1Var EmulatedG1::multi_scalar_mul(std::span<const G1Var> points, std::span<const std::vector<Variable>> scalars,
                                   const G1Var* base) {
  if (points.size() != scalars.size()) throw std::logic_error("multi_scalar_mul: one scalar per point");
  std::size_t levels = 0;
  for (const auto& bits : scalars) levels = std::max(levels, bits.size());
  const G1Affine& t = offset_point();
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

G1Affine EmulatedG1::value(const G1Var& p) const { return {fq_.value(p.x), fq_.value(p.y)}; }

}  // namespace proofagg::circuit
