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

namespace {

// z^e for the first z = k + w (k = 1, 2, ...) whose power `accept` takes.
Fq12 first_power_of_k_plus_w(std::span<const std::uint64_t> e, const std::function<bool(const Fq12&)>& accept) {
  for (std::uint64_t k = 1;; ++k) {
    const Fq12 z = EmulatedTower::from_w_basis(
        {Fq2{Fq::from_u64(k), Fq::zero()}, Fq2::one(), Fq2::zero(), Fq2::zero(), Fq2::zero(), Fq2::zero()});
    const Fq12 candidate = pow(z, e);
    if (accept(candidate)) return candidate;
  }
}

}  // namespace

const Fq12& root_of_unity_27() {
  // In the Sylow 3-subgroup, of order exactly 27.
  static const Fq12 w = first_power_of_k_plus_w(residue::kSylowCofactor, [](const Fq12& candidate) {
    Fq12 ninth = candidate;
    for (int i = 0; i < 2; ++i) ninth = ninth * ninth * ninth;  // candidate^9
    return !ninth.is_one();
  });
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

Fq12 torus_representable(const Fq12& c) {
  if (!c.c1.is_zero()) return c;
  // Its class of order r, outside Fq6*: c z then lies outside too.
  static const Fq12 r_torsion =
      first_power_of_k_plus_w(residue::kTorusRTorsion, [](const Fq12& candidate) { return !candidate.c1.is_zero(); });
  return c * r_torsion;
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

SparseFq12 EmulatedPairing::line(const G1Var& p, const Fq2Var& s, const G2Var& t) {
  EmulatedFq& fq = tower_.fq();
  SparseFq12 out;
  out[0] = Fq2Var{p.y, fq.constant(ff::Fq::zero())};
  out[1] = tower_.neg(tower_.reduce(tower_.mul_by_fq(s, p.x)));
  out[3] = tower_.reduce(tower_.sub(tower_.mul_unreduced(s, t.x), t.y));
  return out;
}

EmulatedPairing::FixedLinePair EmulatedPairing::fixed_line_pair(const G1Var& pa, const FixedG2Lines& qa,
                                                                const G1Var& pb, const FixedG2Lines& qb) {
  EmulatedFq& fq = tower_.fq();
  return {{&pa, &pb}, {&qa, &qb}, fq.mul(pa.x, pb.x), fq.mul(pa.x, pb.y), fq.mul(pa.y, pb.x), fq.mul(pa.y, pb.y)};
}

SparseFq12 EmulatedPairing::fixed_lines(const FixedLinePair& pair, std::size_t line) {
  EmulatedFq& fq = tower_.fq();
  const FixedG2Lines::Line& la = pair.q[0]->lines.at(line);
  const FixedG2Lines::Line& lb = pair.q[1]->lines.at(line);
  const G1Var& pa = *pair.p[0];
  const G1Var& pb = *pair.p[1];
  // k x for a constant k: linear, reduced with the rest of its coefficient.
  const auto scaled = [&](const ff::Fq2& k, const FqVar& x) { return tower_.mul_by_fq(tower_.constant(k), x); };
  const ff::Fq2 folded = (la.constant * lb.constant).mul_by_xi();  // c_a c_b w^6
  SparseFq12 out;
  out[0] = Fq2Var{fq.add(pair.yy, fq.constant(folded.c0)), fq.constant(folded.c1)};
  out[1] = tower_.reduce(tower_.add(scaled(-lb.slope, pair.yx), scaled(-la.slope, pair.xy)));
  out[2] = tower_.reduce(scaled(la.slope * lb.slope, pair.xx));
  out[3] = tower_.reduce(tower_.add(scaled(lb.constant, pa.y), scaled(la.constant, pb.y)));
  out[4] = tower_.reduce(tower_.add(scaled(-(la.slope * lb.constant), pa.x), scaled(-(la.constant * lb.slope), pb.x)));
  return out;
}

SparseFq12 EmulatedPairing::fixed_line(const G1Var& p, const FixedG2Lines& q, std::size_t line) {
  const FixedG2Lines::Line& l = q.lines.at(line);
  SparseFq12 out;
  out[0] = Fq2Var{p.y, tower_.fq().constant(ff::Fq::zero())};
  // Reduced once: an unreduced d3 would make every product of the line wider.
  out[1] = tower_.neg(tower_.reduce(tower_.mul_by_fq(tower_.constant(l.slope), p.x)));
  out[3] = tower_.constant(l.constant);
  return out;
}

namespace {

// The loop's value as an Fq12 element: exactly the native loop's (tests compare them).
class Fq12Accumulator {
 public:
  explicit Fq12Accumulator(EmulatedTower& t) : t_(t), f_(t.constant(ff::Fq12::one())) {}
  void square() {
    if (!one_) f_ = t_.square(f_);
  }
  void multiply(const SparseFq12& y) {
    f_ = t_.mul_sparse(f_, y);
    one_ = false;
  }
  void residue_step(int) {}
  const Fq12Var& value() const { return f_; }

 private:
  EmulatedTower& t_;
  Fq12Var f_;
  bool one_ = true;  // f is still the constant 1: squaring it is free
};

// The loop's class modulo Fq6* with the residue c^-(6x+2) riding along: it starts at
// c^-1 (the leading digit) and takes c^-1 or c at each signed digit.
class TorusAccumulator {
 public:
  TorusAccumulator(EmulatedTower& t, const TorusVar& c) : t_(t), c_(c), c_inverse_(t.torus_inverse(c)), f_(c_inverse_) {}
  void square() { f_ = t_.torus_square(f_); }
  void multiply(const SparseFq12& y) { f_ = t_.torus_mul(f_, y); }
  void residue_step(int digit) { f_ = t_.torus_mul(f_, digit > 0 ? c_inverse_ : c_); }
  const TorusVar& value() const { return f_; }

 private:
  EmulatedTower& t_;
  TorusVar c_, c_inverse_, f_;
};

}  // namespace

Fq12Var EmulatedPairing::miller_loop(std::span<const G1Var> ps, std::span<const G2Var> qs,
                                     std::span<const int> digits, bool frobenius_steps) {
  return miller_loop({ps, qs, {}, {}}, digits, frobenius_steps);
}

Fq12Var EmulatedPairing::miller_loop(const PairingInputs& inputs, std::span<const int> digits, bool frobenius_steps) {
  Fq12Accumulator f(tower_);
  loop(inputs, digits, frobenius_steps, f);
  return f.value();
}

template <class Accumulator>
void EmulatedPairing::loop(const PairingInputs& in, std::span<const int> digits, bool frobenius_steps, Accumulator& f,
                           std::vector<G2Var>* final_points) {
  if (in.p_variable.size() != in.q_variable.size() || in.p_fixed.size() != in.q_fixed.size() ||
      in.p_constant.size() != in.q_constant.size() || in.p_variable.size() + in.p_fixed.size() == 0) {
    throw std::logic_error("miller_loop: one G2 point per G1 point");
  }
  std::vector<G2Var> ts(in.q_variable.begin(), in.q_variable.end());
  std::size_t line_index = 0;
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
      f.multiply(line(in.p_variable[i], slope, t));
    }
    for (const FixedLinePair& pair : fixed_pairs) f.multiply(fixed_lines(pair, line_index));
    if (in.p_fixed.size() % 2 == 1) f.multiply(fixed_line(in.p_fixed.back(), in.q_fixed.back(), line_index));
    ++line_index;
  };
  std::vector<G2Var> negated;
  for (const G2Var& q : in.q_variable) negated.push_back(g2_.neg(q));
  for (const int digit : digits) {
    f.square();
    step([](std::size_t) -> const G2Var* { return nullptr; });
    if (digit != 0) {
      step([&](std::size_t i) { return digit > 0 ? &in.q_variable[i] : &negated[i]; });
      f.residue_step(digit);
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
}

Fq12Var EmulatedPairing::ate_miller_loop(std::span<const G1Var> ps, std::span<const G2Var> qs) {
  return miller_loop(ps, qs, native::ate_digits(), true);
}

void EmulatedPairing::assert_product_is_one(std::span<const G1Var> ps, std::span<const G2Var> qs) {
  assert_product_is_one(PairingInputs{ps, qs, {}, {}});
}

void EmulatedPairing::assert_product_is_one(const PairingInputs& in) {
  Builder& b = tower_.fq().builder();
  // The hint: the loop's value from the points' values, then c.
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
  // Only c's class matters (u, a 27th root of unity, lies in Fq6*: its class is 1).
  const TorusVar c = tower_.torus_witness(native::torus_representable(witness ? witness->c : ff::Fq12::one()));
  TorusAccumulator f(tower_, c);
  std::vector<G2Var> final_points;
  loop(in, native::ate_digits(), true, f, &final_points);
  for (std::size_t i = 0; i < final_points.size(); ++i) {  // Q_i in G2: T = -psi^3(Q_i)
    g2_.assert_equal(final_points[i], g2_.neg(g2_.psi(g2_.psi(g2_.psi(in.q_variable[i])))));
  }
  TorusVar acc = f.value();
  if (!in.p_constant.empty()) {  // a constant factor, nonzero
    const auto coefficients =
        EmulatedTower::to_w_basis(native::affine_miller_loop(in.p_constant, in.q_constant, native::ate_digits(), true));
    SparseFq12 constant_loop;
    for (std::size_t k = 0; k < 6; ++k) constant_loop[k] = tower_.constant(coefficients[k]);
    acc = tower_.torus_mul(acc, constant_loop);
  }
  // [loop c^-(6x+2)] [c^-q] [c^(q^2)] = [c^(-q^3)]^-1.
  const TorusVar c_inverse = tower_.torus_inverse(c);
  acc = tower_.torus_mul(tower_.torus_mul(acc, tower_.torus_frobenius(c_inverse, 1)), tower_.torus_frobenius(c, 2));
  tower_.assert_equal(acc, tower_.torus_inverse(tower_.torus_frobenius(c_inverse, 3)));
}

}  // namespace proofagg::circuit
