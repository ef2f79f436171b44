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

Fq12Var EmulatedTower::add(const Fq12Var& a, const Fq12Var& b) const {
  Fq12Var out;
  for (std::size_t k = 0; k < 6; ++k) out.c[k] = add(a.c[k], b.c[k]);
  return out;
}

Fq12Var EmulatedTower::sub(const Fq12Var& a, const Fq12Var& b) const {
  Fq12Var out;
  for (std::size_t k = 0; k < 6; ++k) out.c[k] = sub(a.c[k], b.c[k]);
  return out;
}

Fq12Var EmulatedTower::conjugate(const Fq12Var& a) const {
  Fq12Var out = a;
  for (std::size_t k = 1; k < 6; k += 2) out.c[k] = neg(a.c[k]);
  return out;
}

Fq12Var EmulatedTower::frobenius(const Fq12Var& a, int k) {
  Fq12Var out;
  for (std::size_t i = 0; i < 6; ++i) {
    std::array<Fq2, 6> basis{};
    basis[i] = Fq2::one();
    const Fq2 gamma = to_w_basis(from_w_basis(basis).frobenius(k))[i];
    const Fq2Var coefficient = k % 2 == 1 ? conjugate(a.c[i]) : a.c[i];
    out.c[i] = reduce(mul_unreduced(coefficient, constant(gamma)));
  }
  return out;
}

Fq12Var EmulatedTower::multiply(const Fq12Var& a, const std::array<const Fq2Var*, 6>& b) {
  std::array<std::optional<Fq2Var>, 11> t;
  for (std::size_t i = 0; i < 6; ++i) {
    for (std::size_t j = 0; j < 6; ++j) {
      if (b[j] == nullptr) continue;
      const Fq2Var p = mul_unreduced(a.c[i], *b[j]);
      t[i + j] = t[i + j] ? add(*t[i + j], p) : p;
    }
  }
  Fq12Var out;
  const Fq2Var zero = constant(Fq2::zero());
  for (std::size_t k = 0; k < 6; ++k) {
    Fq2Var low = t[k].value_or(zero);
    if (k + 6 < t.size() && t[k + 6]) low = add(low, mul_by_xi(*t[k + 6]));
    out.c[k] = low;
  }
  return out;
}

Fq12Var EmulatedTower::mul_unreduced(const Fq12Var& a, const Fq12Var& b) {
  return multiply(a, {&b.c[0], &b.c[1], &b.c[2], &b.c[3], &b.c[4], &b.c[5]});
}

Fq12Var EmulatedTower::reduce(const Fq12Var& a) {
  Fq12Var out;
  for (std::size_t k = 0; k < 6; ++k) out.c[k] = reduce(a.c[k]);
  return out;
}

Fq12Var EmulatedTower::mul_by_line(const Fq12Var& a, const Fq2Var& d0, const Fq2Var& d3, const Fq2Var& d4) {
  return reduce(multiply(a, {&d0, &d3, nullptr, &d4, nullptr, nullptr}));
}

Fq12Var EmulatedTower::mul_by_line_product(const Fq12Var& a, const std::array<Fq2Var, 5>& e) {
  return reduce(multiply(a, {&e[0], &e[1], &e[2], &e[3], &e[4], nullptr}));
}

Fq12Var EmulatedTower::hint(const std::function<Fq12()>& compute) {
  Fq12Var x;
  for (std::size_t k = 0; k < 6; ++k) x.c[k] = hint([&, k] { return to_w_basis(compute())[k]; });
  return x;
}

Fq12Var EmulatedTower::witness(const Fq12& value) {
  return hint([value] { return value; });
}

Fq12Var EmulatedTower::linear_combination(std::initializer_list<std::pair<LC, Fq12>> terms) const {
  Fq12Var out;
  int extra_bits = 0;
  while ((std::size_t{1} << extra_bits) < terms.size()) ++extra_bits;
  for (std::size_t k = 0; k < 6; ++k) {
    for (const int half : {0, 1}) {
      FqVar& target = half == 0 ? out.c[k].c0 : out.c[k].c1;
      target.limbs.assign(EmulatedFq::kLimbs, LC());
      target.bits.assign(EmulatedFq::kLimbs, EmulatedFq::kLimbBits + extra_bits);
      for (const auto& [selector, constant] : terms) {
        const Fq2 coefficient = to_w_basis(constant)[k];
        const ff::Limbs words = (half == 0 ? coefficient.c0 : coefficient.c1).to_canonical();
        for (std::size_t i = 0; i < EmulatedFq::kLimbs; ++i) target.limbs[i] += selector * Fr::from_u64(words.v[i]);
      }
    }
  }
  return out;
}

Fq12Var EmulatedTower::inverse(const Fq12Var& a) {
  const Fq12Var x = hint([&] {
    const Fq12 v = value(a);
    return v == Fq12::zero() ? Fq12::zero() : v.inverse();
  });
  assert_equal(mul_unreduced(a, x), constant(Fq12::one()));
  return x;
}

Fq12Var EmulatedTower::div(const Fq12Var& a, const Fq12Var& b) {
  const Fq12Var x = hint([&] {
    const Fq12 denominator = value(b);
    return denominator == Fq12::zero() ? Fq12::zero() : value(a) * denominator.inverse();
  });
  assert_equal(mul_unreduced(b, x), a);
  (void)inverse(b);
  return x;
}

void EmulatedTower::assert_equal(const Fq12Var& a, const Fq12Var& b) {
  for (std::size_t k = 0; k < 6; ++k) assert_equal(a.c[k], b.c[k]);
}

Fq12 EmulatedTower::value(const Fq12Var& a) const {
  std::array<Fq2, 6> c;
  for (std::size_t k = 0; k < 6; ++k) c[k] = value(a.c[k]);
  return from_w_basis(c);
}

}  // namespace proofagg::circuit
