#include "aggregator/circuit/std/pairing.hpp"

#include <stdexcept>
#include <vector>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/residue_constants.hpp"
#include "kernels/pairing/pairing.hpp"

namespace proofagg::circuit {
namespace native {

using ff::Fq;
using ff::Fq12;
using ff::Fq2;

Fq12 affine_miller_loop(std::span<const ec::G1Affine> ps, std::span<const ec::G2Affine> qs,
                        std::span<const int> digits, bool frobenius_steps) {
  std::vector<ec::G2Affine> ts(qs.begin(), qs.end());
  Fq12 f = Fq12::one();
  const auto step = [&](std::size_t i, const ec::G2Affine* addend) {
    const ec::G2Affine& t = ts[i];
    const Fq2 s = addend == nullptr ? (t.x.square() * Fq2{Fq::from_u64(3), Fq::zero()}) * (t.y + t.y).inverse()
                                    : (addend->y - t.y) * (addend->x - t.x).inverse();
    f = f.mul_by_034({ps[i].y, Fq::zero()}, -(s * Fq2{ps[i].x, Fq::zero()}), s * t.x - t.y);
    const Fq2 x = s.square() - t.x - (addend == nullptr ? t.x : addend->x);
    ts[i] = {x, s * (t.x - x) - t.y};
  };
  bool first = true;
  for (const int digit : digits) {
    if (!first) f = f.square();
    first = false;
    for (std::size_t i = 0; i < ts.size(); ++i) step(i, nullptr);
    if (digit != 0) {
      for (std::size_t i = 0; i < ts.size(); ++i) {
        const ec::G2Affine addend = digit > 0 ? qs[i] : -qs[i];
        step(i, &addend);
      }
    }
  }
  if (frobenius_steps) {
    for (std::size_t i = 0; i < ts.size(); ++i) {
      const ec::G2Affine q1 = ec::g2_psi(qs[i]);
      const ec::G2Affine q2 = -ec::g2_psi(q1);
      step(i, &q1);
      step(i, &q2);
    }
  }
  return f;
}

const std::vector<int>& ate_digits() {
  static const std::vector<int> digits = [] {
    std::vector<int> d;
    for (int i = pairing::kAteLoopLength - 2; i >= 0; --i) d.push_back(pairing::ate_loop_digit(i));
    return d;
  }();
  return digits;
}

Fq12 pow(const Fq12& base, std::span<const std::uint64_t> e) {
  Fq12 acc = Fq12::one();
  for (std::size_t w = e.size(); w-- > 0;) {
    for (int bit = 63; bit >= 0; --bit) {
      acc = acc.square();
      if ((e[w] >> bit) & 1) acc = acc * base;
    }
  }
  return acc;
}

const Fq12& root_of_unity_27() {
  // z^t for the first z = k + w (k = 1, 2, ...) whose image has order exactly 27.
  static const Fq12 w = [] {
    for (std::uint64_t k = 1;; ++k) {
      const Fq12 z = EmulatedTower::from_w_basis({Fq2{Fq::from_u64(k), Fq::zero()}, Fq2::one(), Fq2::zero(),
                                                   Fq2::zero(), Fq2::zero(), Fq2::zero()});
      const Fq12 candidate = pow(z, residue::kSylowCofactor);
      Fq12 ninth = candidate;
      for (int i = 0; i < 2; ++i) ninth = ninth * ninth * ninth;  // candidate^9
      if (!ninth.is_one()) return candidate;
    }
  }();
  return w;
}

std::optional<ResidueWitness> residue_witness(const Fq12& f) {
  if (!pow(f, residue::kFinalExponent).is_one()) return std::nullopt;
  const Fq12& w = root_of_unity_27();
  // One of f, f w, f w^2 is a 3r-th power (the quotient of r-th powers by 3r-th
  // powers has order 3, and w is not a cube).
  Fq12 y = f;
  int power = 0;
  while (!pow(y, residue::kCubeTest).is_one()) {
    if (++power == 3) return std::nullopt;
    y = y * w;
  }
  // lambda = 3 m r: an r-th root, an m-th root, then a cube root.
  const Fq12 c1 = pow(y, residue::kRInverse);
  const Fq12 c2 = pow(c1, residue::kMInverse);
  // a^e with 3e = 1 mod t is a cube root up to an element of the Sylow 3-subgroup
  // <w>: fix it by the one w^j with (x0 w^j)^3 = c2.
  const Fq12 x0 = pow(c2, residue::kCubeRootExponent);
  Fq12 c = x0;
  for (int j = 0; j < 27; ++j) {
    if (c * c * c == c2) return ResidueWitness{c, power};
    c = c * w;
  }
  return std::nullopt;
}

}  // namespace native

Fq12Var EmulatedPairing::times_line(const Fq12Var& f, const G1Var& p, const Fq2Var& s, const G2Var& t) {
  EmulatedFq& fq = tower_.fq();
  const Fq2Var d0{p.y, fq.constant(ff::Fq::zero())};
  const Fq2Var d3 = tower_.neg(tower_.reduce(tower_.mul_by_fq(s, p.x)));
  const Fq2Var d4 = tower_.reduce(tower_.sub(tower_.mul_unreduced(s, t.x), t.y));
  return tower_.mul_by_line(f, d0, d3, d4);
}

Fq12Var EmulatedPairing::miller_loop(std::span<const G1Var> ps, std::span<const G2Var> qs,
                                     std::span<const int> digits, bool frobenius_steps) {
  return loop(ps, qs, digits, frobenius_steps, nullptr, nullptr);
}

Fq12Var EmulatedPairing::loop(std::span<const G1Var> ps, std::span<const G2Var> qs, std::span<const int> digits,
                              bool frobenius_steps, const Fq12Var* c, const Fq12Var* c_inverse) {
  if (ps.size() != qs.size() || ps.empty()) throw std::logic_error("miller_loop: one G2 point per G1 point");
  std::vector<G2Var> ts(qs.begin(), qs.end());
  // The implicit leading digit 1: c^-1 when the residue rides along.
  Fq12Var f = c_inverse != nullptr ? *c_inverse : tower_.constant(ff::Fq12::one());
  bool constant_one = c_inverse == nullptr;
  const auto step = [&](std::size_t i, const G2Var* addend) {
    Fq2Var slope;
    const G2Var t = ts[i];
    ts[i] = addend == nullptr ? g2_.dbl(t, &slope) : g2_.add(t, *addend, &slope);
    f = times_line(f, ps[i], slope, t);
    constant_one = false;
  };
  for (const int digit : digits) {
    if (!constant_one) f = tower_.square(f);
    for (std::size_t i = 0; i < ts.size(); ++i) step(i, nullptr);
    if (digit != 0) {
      for (std::size_t i = 0; i < ts.size(); ++i) {
        const G2Var addend = digit > 0 ? qs[i] : g2_.neg(qs[i]);
        step(i, &addend);
      }
      if (c != nullptr) f = tower_.mul(f, digit > 0 ? *c_inverse : *c);
    }
  }
  if (frobenius_steps) {
    for (std::size_t i = 0; i < ts.size(); ++i) {
      const G2Var q1 = g2_.psi(qs[i]);
      const G2Var q2 = g2_.neg(g2_.psi(q1));
      step(i, &q1);
      step(i, &q2);
    }
  }
  return f;
}

Fq12Var EmulatedPairing::ate_miller_loop(std::span<const G1Var> ps, std::span<const G2Var> qs) {
  return miller_loop(ps, qs, native::ate_digits(), true);
}

void EmulatedPairing::assert_product_is_one(std::span<const G1Var> ps, std::span<const G2Var> qs) {
  Builder& b = tower_.fq().builder();
  // The hint: the loop's value from the points' values, then (c, k).
  std::optional<native::ResidueWitness> witness;
  if (b.has_values()) {
    std::vector<ec::G1Affine> p_values;
    std::vector<ec::G2Affine> q_values;
    for (const G1Var& p : ps) p_values.push_back({tower_.fq().value(p.x), tower_.fq().value(p.y)});
    for (const G2Var& q : qs) q_values.push_back({tower_.value(q.x), tower_.value(q.y)});
    witness = native::residue_witness(native::affine_miller_loop(p_values, q_values, native::ate_digits(), true));
  }
  const ff::Fq12 c_value = witness ? witness->c : ff::Fq12::one();
  const Fq12Var c = tower_.witness(c_value);
  const Fq12Var c_inverse = tower_.inverse(c);  // c != 0
  // u = 1 + s1 (w - 1) + s2 (w^2 - 1), s1 s2 = 0: u in {1, w, w^2}.
  const std::vector<LC> no_inputs;
  const int power = witness ? witness->w_power : 0;
  const Variable s1 = b.hint1(no_inputs, [power](std::span<const Fr>) { return Fr::from_u64(power == 1); });
  const Variable s2 = b.hint1(no_inputs, [power](std::span<const Fr>) { return Fr::from_u64(power == 2); });
  assert_boolean(b, s1);
  assert_boolean(b, s2);
  b.constrain(s1, s2, LC(), "residue: at most one of w, w^2");
  const ff::Fq12& w = native::root_of_unity_27();
  const Fq12Var u = tower_.linear_combination(
      {{LC::constant(1), ff::Fq12::one()}, {LC(s1), w - ff::Fq12::one()}, {LC(s2), w * w - ff::Fq12::one()}});

  Fq12Var acc = loop(ps, qs, native::ate_digits(), true, &c, &c_inverse);
  acc = tower_.mul(acc, tower_.frobenius(c_inverse, 1));
  acc = tower_.mul(acc, tower_.frobenius(c, 2));
  acc = tower_.mul(acc, tower_.frobenius(c_inverse, 3));
  tower_.assert_equal(tower_.mul_unreduced(acc, u), tower_.constant(ff::Fq12::one()));
}

}  // namespace proofagg::circuit
