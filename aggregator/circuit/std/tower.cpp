#include "aggregator/circuit/std/tower.hpp"

#include <optional>

namespace proofagg::circuit {

using ff::Fq;
using ff::Fq12;
using ff::Fq2;
using ff::Fq6;

Fq2Var EmulatedTower::constant(const Fq2& v) const { return {fq_.constant(v.c0), fq_.constant(v.c1)}; }

Fq2Var EmulatedTower::private_input(const Fq2& v) { return {fq_.private_input(v.c0), fq_.private_input(v.c1)}; }

void EmulatedTower::assert_canonical(const Fq2Var& a) {
  fq_.assert_canonical(a.c0);
  fq_.assert_canonical(a.c1);
}

Fq2Var EmulatedTower::add(const Fq2Var& a, const Fq2Var& b) const { return {fq_.add(a.c0, b.c0), fq_.add(a.c1, b.c1)}; }

Fq2Var EmulatedTower::sub(const Fq2Var& a, const Fq2Var& b) const { return {fq_.sub(a.c0, b.c0), fq_.sub(a.c1, b.c1)}; }

Fq2Var EmulatedTower::neg(const Fq2Var& a) const { return {fq_.neg(a.c0), fq_.neg(a.c1)}; }

Fq2Var EmulatedTower::conjugate(const Fq2Var& a) const { return {a.c0, fq_.neg(a.c1)}; }

Fq2Var EmulatedTower::mul_by_xi(const Fq2Var& a) const {
  // (9 + u)(c0 + c1 u) = (9 c0 - c1) + (c0 + 9 c1) u.
  return {fq_.sub(fq_.mul_small(a.c0, 9), a.c1), fq_.add(a.c0, fq_.mul_small(a.c1, 9))};
}

Fq2Var EmulatedTower::mul_small(const Fq2Var& a, std::int64_t k) const {
  return {fq_.mul_small(a.c0, k), fq_.mul_small(a.c1, k)};
}

Fq2Var EmulatedTower::mul_by_fq(const Fq2Var& a, const FqVar& k) { return {fq_.product(a.c0, k), fq_.product(a.c1, k)}; }

Fq2Var EmulatedTower::mul_unreduced(const Fq2Var& a, const Fq2Var& b) {
  const FqVar v0 = fq_.product(a.c0, b.c0);
  const FqVar v1 = fq_.product(a.c1, b.c1);
  const FqVar v2 = fq_.product(fq_.add(a.c0, a.c1), fq_.add(b.c0, b.c1));
  return {fq_.sub(v0, v1), fq_.sub(fq_.sub(v2, v0), v1)};
}

Fq2Var EmulatedTower::reduce(const Fq2Var& a) { return {fq_.reduce(a.c0), fq_.reduce(a.c1)}; }

// A new Fq2 element computed by `compute` in witness mode.
Fq2Var EmulatedTower::hint(const std::function<Fq2()>& compute) {
  return {fq_.hint([&] { return compute().c0; }), fq_.hint([&] { return compute().c1; })};
}

Fq2Var EmulatedTower::inverse(const Fq2Var& a) {
  const Fq2Var x = hint([&] {
    const Fq2 v = value(a);
    return v.is_zero() ? Fq2::zero() : v.inverse();
  });
  assert_equal(mul_unreduced(a, x), constant(Fq2::one()));
  return x;
}

Fq2Var EmulatedTower::div(const Fq2Var& a, const Fq2Var& b) {
  const Fq2Var x = hint([&] {
    const Fq2 denominator = value(b);
    return denominator.is_zero() ? Fq2::zero() : value(a) * denominator.inverse();
  });
  assert_equal(mul_unreduced(b, x), a);
  (void)inverse(b);
  return x;
}

void EmulatedTower::assert_equal(const Fq2Var& a, const Fq2Var& b) {
  fq_.assert_equal(a.c0, b.c0);
  fq_.assert_equal(a.c1, b.c1);
}

Fq2Var EmulatedTower::select(const LC& condition, const Fq2Var& a, const Fq2Var& b) {
  return {fq_.select(condition, a.c0, b.c0), fq_.select(condition, a.c1, b.c1)};
}

Fq2 EmulatedTower::value(const Fq2Var& a) const { return {fq_.value(a.c0), fq_.value(a.c1)}; }

std::array<Fq2, 6> EmulatedTower::to_w_basis(const Fq12& v) {
  return {v.c0.c0, v.c1.c0, v.c0.c1, v.c1.c1, v.c0.c2, v.c1.c2};
}

Fq12 EmulatedTower::from_w_basis(const std::array<Fq2, 6>& c) {
  return {Fq6{c[0], c[2], c[4]}, Fq6{c[1], c[3], c[5]}};
}

Fq12Var EmulatedTower::constant(const Fq12& v) const {
  const auto c = to_w_basis(v);
  Fq12Var out;
  for (std::size_t k = 0; k < 6; ++k) out.c[k] = constant(c[k]);
  return out;
}

Fq12Var EmulatedTower::private_input(const Fq12& v) {
  const auto c = to_w_basis(v);
  Fq12Var out;
  for (std::size_t k = 0; k < 6; ++k) out.c[k] = private_input(c[k]);
  return out;
}

template <std::size_t N>
std::array<Fq2Var, N> EmulatedTower::product_mod_xi(const std::array<Fq2Var, N>& a,
                                                    const std::array<const Fq2Var*, N>& b) {
  std::array<std::optional<Fq2Var>, 2 * N - 1> t;
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = 0; j < N; ++j) {
      if (b[j] == nullptr) continue;
      const Fq2Var p = mul_unreduced(a[i], *b[j]);
      t[i + j] = t[i + j] ? add(*t[i + j], p) : p;
    }
  }
  std::array<Fq2Var, N> out;
  const Fq2Var zero = constant(Fq2::zero());
  for (std::size_t k = 0; k < N; ++k) {
    Fq2Var low = t[k].value_or(zero);
    if (k + N < t.size() && t[k + N]) low = add(low, mul_by_xi(*t[k + N]));
    out[k] = low;
  }
  return out;
}

Fq12Var EmulatedTower::mul_unreduced(const Fq12Var& a, const Fq12Var& b) {
  return {product_mod_xi<6>(a.c, {&b.c[0], &b.c[1], &b.c[2], &b.c[3], &b.c[4], &b.c[5]})};
}

Fq12Var EmulatedTower::reduce(const Fq12Var& a) {
  Fq12Var out;
  for (std::size_t k = 0; k < 6; ++k) out.c[k] = reduce(a.c[k]);
  return out;
}

Fq12Var EmulatedTower::mul_sparse(const Fq12Var& a, const SparseFq12& y) {
  std::array<const Fq2Var*, 6> coefficients{};
  for (std::size_t k = 0; k < 6; ++k) coefficients[k] = y[k] ? &*y[k] : nullptr;
  return reduce(Fq12Var{product_mod_xi<6>(a.c, coefficients)});
}

void EmulatedTower::assert_equal(const Fq12Var& a, const Fq12Var& b) {
  for (std::size_t k = 0; k < 6; ++k) assert_equal(a.c[k], b.c[k]);
}

namespace {

// The g of x's class, g + w ~ x = a + b w: a / b (zero for b = 0, whose class has no
// such g: the identities the hint enters then fail).
std::array<Fq2, 3> class_of(const Fq12& x) {
  if (x.c1.is_zero()) return {Fq2::zero(), Fq2::zero(), Fq2::zero()};
  const Fq6 g = x.c0 * x.c1.inverse();
  return {g.c0, g.c1, g.c2};
}

Fq12 sparse_value(const EmulatedTower& t, const SparseFq12& y) {
  std::array<Fq2, 6> c{};
  for (std::size_t k = 0; k < 6; ++k) c[k] = y[k] ? t.value(*y[k]) : Fq2::zero();
  return EmulatedTower::from_w_basis(c);
}

}  // namespace

TorusVar EmulatedTower::torus_witness(const Fq12& x) {
  const std::array<Fq2, 3> g = class_of(x);
  TorusVar out;
  for (std::size_t i = 0; i < 3; ++i) out.g[i] = hint([&g, i] { return g[i]; });
  return out;
}

void EmulatedTower::assert_zero(const std::array<Fq2Var, 3>& e) {
  for (const Fq2Var& coefficient : e) assert_equal(coefficient, constant(Fq2::zero()));
}

TorusVar EmulatedTower::torus_square(const TorusVar& x) {
  const Builder& b = fq_.builder();
  const TorusVar out = torus_witness(b.has_values() ? value(x).square() : Fq12::one());
  std::array<Fq2Var, 3> twice_minus_g;
  for (std::size_t i = 0; i < 3; ++i) twice_minus_g[i] = sub(mul_small(out.g[i], 2), x.g[i]);
  std::array<Fq2Var, 3> e = product_mod_xi<3>(x.g, {&twice_minus_g[0], &twice_minus_g[1], &twice_minus_g[2]});
  e[1] = sub(e[1], constant(Fq2::one()));  // - v
  assert_zero(e);
  return out;
}

TorusVar EmulatedTower::torus_mul(const TorusVar& x, const TorusVar& y) {
  const Builder& b = fq_.builder();
  const TorusVar out = torus_witness(b.has_values() ? value(x) * value(y) : Fq12::one());
  std::array<Fq2Var, 3> sum;
  for (std::size_t i = 0; i < 3; ++i) sum[i] = add(x.g[i], y.g[i]);
  const std::array<Fq2Var, 3> lhs = product_mod_xi<3>(out.g, {&sum[0], &sum[1], &sum[2]});
  const std::array<Fq2Var, 3> rhs = product_mod_xi<3>(x.g, {&y.g[0], &y.g[1], &y.g[2]});
  std::array<Fq2Var, 3> e;
  for (std::size_t i = 0; i < 3; ++i) e[i] = sub(lhs[i], rhs[i]);
  e[1] = sub(e[1], constant(Fq2::one()));  // - v
  assert_zero(e);
  return out;
}

TorusVar EmulatedTower::torus_mul(const TorusVar& x, const SparseFq12& y) {
  const Builder& b = fq_.builder();
  const auto at = [&](std::size_t k) { return y[k] ? &*y[k] : nullptr; };
  std::array<Fq2Var, 3> t = product_mod_xi<3>(x.g, {at(1), at(3), at(5)});
  for (Fq2Var& coefficient : t) coefficient = reduce(coefficient);
  const TorusVar out = torus_witness(b.has_values() ? value(x) * sparse_value(*this, y) : Fq12::one());
  std::array<Fq2Var, 3> denominator;
  for (std::size_t i = 0; i < 3; ++i) denominator[i] = y[2 * i] ? add(t[i], *y[2 * i]) : t[i];
  const std::array<Fq2Var, 3> lhs = product_mod_xi<3>(out.g, {&denominator[0], &denominator[1], &denominator[2]});
  std::array<Fq2Var, 3> rhs = product_mod_xi<3>(x.g, {at(0), at(2), at(4)});
  // + v y1 = xi y1_2 + y1_0 v + y1_1 v^2.
  if (y[5]) rhs[0] = add(rhs[0], mul_by_xi(*y[5]));
  if (y[1]) rhs[1] = add(rhs[1], *y[1]);
  if (y[3]) rhs[2] = add(rhs[2], *y[3]);
  std::array<Fq2Var, 3> e;
  for (std::size_t i = 0; i < 3; ++i) e[i] = sub(lhs[i], rhs[i]);
  assert_zero(e);
  return out;
}

TorusVar EmulatedTower::torus_inverse(const TorusVar& x) const {
  TorusVar out;
  for (std::size_t i = 0; i < 3; ++i) out.g[i] = neg(x.g[i]);
  return out;
}

TorusVar EmulatedTower::torus_frobenius(const TorusVar& x, int k) {
  const auto gamma = [k](std::size_t i) {
    std::array<Fq2, 6> basis{};
    basis[i] = Fq2::one();
    return to_w_basis(from_w_basis(basis).frobenius(k))[i];
  };
  const Fq2 inverse_gamma_1 = gamma(1).inverse();
  TorusVar out;
  for (std::size_t i = 0; i < 3; ++i) {
    const Fq2Var coefficient = k % 2 == 1 ? conjugate(x.g[i]) : x.g[i];
    out.g[i] = reduce(mul_unreduced(coefficient, constant(gamma(2 * i) * inverse_gamma_1)));
  }
  return out;
}

void EmulatedTower::assert_equal(const TorusVar& x, const TorusVar& y) {
  for (std::size_t i = 0; i < 3; ++i) assert_equal(x.g[i], y.g[i]);
}

Fq12 EmulatedTower::value(const TorusVar& x) const {
  return {Fq6{value(x.g[0]), value(x.g[1]), value(x.g[2])}, Fq6{Fq2::one(), Fq2::zero(), Fq2::zero()}};
}

Fq12 EmulatedTower::value(const Fq12Var& a) const {
  std::array<Fq2, 6> c;
  for (std::size_t k = 0; k < 6; ++k) c[k] = value(a.c[k]);
  return from_w_basis(c);
}

}  // namespace proofagg::circuit
