#include "aggregator/circuit/std/pairing.hpp"

#include <functional>
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
  std::vector<FixedG2Lines> lines;
  for (const ec::G2Affine& q : qs) lines.push_back(FixedG2Lines::prepare(q, digits, frobenius_steps));
  Fq12 f = Fq12::one();
  std::size_t next = 0;
  const auto multiply_lines = [&] {
    for (std::size_t i = 0; i < ps.size(); ++i) {
      const FixedG2Lines::Line& l = lines[i].lines[next];
      f = f.mul_by_034({ps[i].y, Fq::zero()}, -(l.slope * Fq2{ps[i].x, Fq::zero()}), l.constant);
    }
    ++next;
  };
  bool first = true;
  for (const int digit : digits) {
    if (!first) f = f.square();
    first = false;
    multiply_lines();
    if (digit != 0) multiply_lines();
  }
  if (frobenius_steps) {
    multiply_lines();
    multiply_lines();
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

FixedG2Lines FixedG2Lines::prepare(const ec::G2Affine& q, std::span<const int> digits, bool frobenius_steps) {
  if (q.is_infinity()) throw std::logic_error("FixedG2Lines: the point at infinity has no lines");
  FixedG2Lines out{q, {}};
  ec::G2Affine t = q;
  const auto step = [&](const ec::G2Affine* addend) {
    using ff::Fq;
    using ff::Fq2;
    const Fq2 s = addend == nullptr ? (t.x.square() * Fq2{Fq::from_u64(3), Fq::zero()}) * (t.y + t.y).inverse()
                                    : (addend->y - t.y) * (addend->x - t.x).inverse();
    out.lines.push_back({s, s * t.x - t.y});
    const Fq2 x = s.square() - t.x - (addend == nullptr ? t.x : addend->x);
    t = {x, s * (t.x - x) - t.y};
  };
  for (const int digit : digits) {
    step(nullptr);
    if (digit != 0) {
      const ec::G2Affine addend = digit > 0 ? q : -q;
      step(&addend);
    }
  }
  if (frobenius_steps) {
    const ec::G2Affine q1 = ec::g2_psi(q);
    const ec::G2Affine q2 = -ec::g2_psi(q1);
    step(&q1);
    step(&q2);
  }
  return out;
}

FixedG2Lines FixedG2Lines::prepare_ate(const ec::G2Affine& q) { return prepare(q, native::ate_digits(), true); }

Fq12Var EmulatedPairing::times_line(const Fq12Var& f, const G1Var& p, const Fq2Var& s, const G2Var& t) {
  EmulatedFq& fq = tower_.fq();
  const Fq2Var d0{p.y, fq.constant(ff::Fq::zero())};
  const Fq2Var d3 = tower_.neg(tower_.reduce(tower_.mul_by_fq(s, p.x)));
  const Fq2Var d4 = tower_.reduce(tower_.sub(tower_.mul_unreduced(s, t.x), t.y));
  return tower_.mul_by_line(f, d0, d3, d4);
}

EmulatedPairing::FixedLinePair EmulatedPairing::fixed_line_pair(const G1Var& pa, const FixedG2Lines& qa,
                                                                const G1Var& pb, const FixedG2Lines& qb) {
  EmulatedFq& fq = tower_.fq();
  return {{&pa, &pb}, {&qa, &qb}, fq.mul(pa.x, pb.x), fq.mul(pa.x, pb.y), fq.mul(pa.y, pb.x), fq.mul(pa.y, pb.y)};
}

Fq12Var EmulatedPairing::times_fixed_lines(const Fq12Var& f, const FixedLinePair& pair, std::size_t line) {
  EmulatedFq& fq = tower_.fq();
  const FixedG2Lines::Line& la = pair.q[0]->lines.at(line);
  const FixedG2Lines::Line& lb = pair.q[1]->lines.at(line);
  const G1Var& pa = *pair.p[0];
  const G1Var& pb = *pair.p[1];
  // k x for a constant k: linear, reduced with the rest of its coefficient.
  const auto scaled = [&](const ff::Fq2& k, const FqVar& x) { return tower_.mul_by_fq(tower_.constant(k), x); };
  const ff::Fq2 folded = (la.constant * lb.constant).mul_by_xi();  // c_a c_b w^6
  const std::array<Fq2Var, 5> e{
      Fq2Var{fq.add(pair.yy, fq.constant(folded.c0)), fq.constant(folded.c1)},
      tower_.reduce(tower_.add(scaled(-lb.slope, pair.yx), scaled(-la.slope, pair.xy))),
      tower_.reduce(scaled(la.slope * lb.slope, pair.xx)),
      tower_.reduce(tower_.add(scaled(lb.constant, pa.y), scaled(la.constant, pb.y))),
      tower_.reduce(tower_.add(scaled(-(la.slope * lb.constant), pa.x), scaled(-(la.constant * lb.slope), pb.x)))};
  return tower_.mul_by_line_product(f, e);
}

Fq12Var EmulatedPairing::times_fixed_line(const Fq12Var& f, const G1Var& p, const FixedG2Lines& q, std::size_t line) {
  const FixedG2Lines::Line& l = q.lines.at(line);
  const Fq2Var d0{p.y, tower_.fq().constant(ff::Fq::zero())};
  // Reduced once: an unreduced d3 would make every product of the line wider.
  const Fq2Var d3 = tower_.neg(tower_.reduce(tower_.mul_by_fq(tower_.constant(l.slope), p.x)));
  return tower_.mul_by_line(f, d0, d3, tower_.constant(l.constant));
}

Fq12Var EmulatedPairing::miller_loop(std::span<const G1Var> ps, std::span<const G2Var> qs,
                                     std::span<const int> digits, bool frobenius_steps) {
  return loop({ps, qs, {}, {}}, digits, frobenius_steps, nullptr, nullptr);
}

Fq12Var EmulatedPairing::miller_loop(const PairingInputs& inputs, std::span<const int> digits, bool frobenius_steps) {
  return loop(inputs, digits, frobenius_steps, nullptr, nullptr);
}

Fq12Var EmulatedPairing::loop(const PairingInputs& in, std::span<const int> digits, bool frobenius_steps,
                              const Fq12Var* c, const Fq12Var* c_inverse, std::vector<G2Var>* final_points) {
  if (in.p_variable.size() != in.q_variable.size() || in.p_fixed.size() != in.q_fixed.size() ||
      in.p_constant.size() != in.q_constant.size() || in.p_variable.size() + in.p_fixed.size() == 0) {
    throw std::logic_error("miller_loop: one G2 point per G1 point");
  }
  std::vector<G2Var> ts(in.q_variable.begin(), in.q_variable.end());
  // The implicit leading digit 1: c^-1 when the residue rides along.
  Fq12Var f = c_inverse != nullptr ? *c_inverse : tower_.constant(ff::Fq12::one());
  bool constant_one = c_inverse == nullptr;
  std::size_t fixed_line = 0;
  std::vector<FixedLinePair> fixed_pairs;
  for (std::size_t i = 0; i + 1 < in.p_fixed.size(); i += 2) {
    fixed_pairs.push_back(fixed_line_pair(in.p_fixed[i], in.q_fixed[i], in.p_fixed[i + 1], in.q_fixed[i + 1]));
  }
  // One step for every pair: variable G2 points move (their slope gives the line),
  // fixed ones contribute their next precomputed line.
  const auto step = [&](const std::function<const G2Var*(std::size_t)>& addend_of) {
    for (std::size_t i = 0; i < ts.size(); ++i) {
      Fq2Var slope;
      const G2Var t = ts[i];
      const G2Var* addend = addend_of(i);
      ts[i] = addend == nullptr ? g2_.dbl(t, &slope) : g2_.add(t, *addend, &slope);
      f = times_line(f, in.p_variable[i], slope, t);
    }
    for (const FixedLinePair& pair : fixed_pairs) f = times_fixed_lines(f, pair, fixed_line);
    if (in.p_fixed.size() % 2 == 1) f = times_fixed_line(f, in.p_fixed.back(), in.q_fixed.back(), fixed_line);
    ++fixed_line;
    constant_one = false;
  };
  std::vector<G2Var> negated;
  for (const G2Var& q : in.q_variable) negated.push_back(g2_.neg(q));
  for (const int digit : digits) {
    if (!constant_one) f = tower_.square(f);
    step([](std::size_t) -> const G2Var* { return nullptr; });
    if (digit != 0) {
      step([&](std::size_t i) { return digit > 0 ? &in.q_variable[i] : &negated[i]; });
      if (c != nullptr) f = tower_.mul(f, digit > 0 ? *c_inverse : *c);
    }
  }
  if (frobenius_steps) {
    std::vector<G2Var> q1, q2;
    for (const G2Var& q : in.q_variable) {
      q1.push_back(g2_.psi(q));
      q2.push_back(g2_.neg(g2_.psi(q1.back())));
    }
    step([&](std::size_t i) { return &q1[i]; });
    step([&](std::size_t i) { return &q2[i]; });
  }
  if (final_points != nullptr) *final_points = ts;
  return f;
}

Fq12Var EmulatedPairing::ate_miller_loop(std::span<const G1Var> ps, std::span<const G2Var> qs) {
  return miller_loop(ps, qs, native::ate_digits(), true);
}

void EmulatedPairing::assert_product_is_one(std::span<const G1Var> ps, std::span<const G2Var> qs) {
  assert_product_is_one(PairingInputs{ps, qs, {}, {}});
}

void EmulatedPairing::assert_product_is_one(const PairingInputs& in) {
  Builder& b = tower_.fq().builder();
  // The hint: the loop's value from the points' values, then (c, k).
  std::optional<native::ResidueWitness> witness;
  if (b.has_values()) {
    std::vector<ec::G1Affine> p_values;
    std::vector<ec::G2Affine> q_values;
    for (const G1Var& p : in.p_variable) p_values.push_back({tower_.fq().value(p.x), tower_.fq().value(p.y)});
    for (const G2Var& q : in.q_variable) q_values.push_back({tower_.value(q.x), tower_.value(q.y)});
    for (const G1Var& p : in.p_fixed) p_values.push_back({tower_.fq().value(p.x), tower_.fq().value(p.y)});
    for (const FixedG2Lines& q : in.q_fixed) q_values.push_back(q.point);
    p_values.insert(p_values.end(), in.p_constant.begin(), in.p_constant.end());
    q_values.insert(q_values.end(), in.q_constant.begin(), in.q_constant.end());
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

  std::vector<G2Var> final_points;
  Fq12Var acc = loop(in, native::ate_digits(), true, &c, &c_inverse, &final_points);
  for (std::size_t i = 0; i < final_points.size(); ++i) {  // Q_i in G2: T = -psi^3(Q_i)
    g2_.assert_equal(final_points[i], g2_.neg(g2_.psi(g2_.psi(g2_.psi(in.q_variable[i])))));
  }
  if (!in.p_constant.empty()) {
    const ff::Fq12 constant_loop =
        native::affine_miller_loop(in.p_constant, in.q_constant, native::ate_digits(), true);
    acc = tower_.reduce(tower_.mul_unreduced(acc, tower_.constant(constant_loop)));  // linear: a constant factor
  }
  acc = tower_.mul(acc, tower_.frobenius(c_inverse, 1));
  acc = tower_.mul(acc, tower_.frobenius(c, 2));
  acc = tower_.mul(acc, tower_.frobenius(c_inverse, 3));
  tower_.assert_equal(tower_.mul_unreduced(acc, u), tower_.constant(ff::Fq12::one()));
}

}  // namespace proofagg::circuit
