#include "aggregator/circuit/std/curve.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string_view>

#include "aggregator/circuit/api.hpp"
#include "aggregator/sha256/sha256.hpp"
#include "kernels/ec/batch_normalize.hpp"
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
auto EmulatedCurve<Field>::canonical_private_input(const Affine& p) -> Point {
  const Point out = private_input(p);
  f_.assert_canonical(out.x);
  f_.assert_canonical(out.y);
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
  // lambda 2 yp = 3 xp^2, unreduced on both sides. 2 yp != 0 needs no proof: p is
  // on the curve, and a point with y = 0 would have order 2, which neither group has.
  const Var three_x2 = f_.mul_small(f_.product(p.x, p.x), 3);
  const Var two_y = f_.mul_small(p.y, 2);
  const Var lambda = f_.hint([&] {
    const typename Field::Native denominator = f_.value(two_y);
    return denominator.is_zero() ? denominator : f_.value(three_x2) * denominator.inverse();
  });
  f_.assert_equal(f_.product(lambda, two_y), three_x2);
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

namespace {

// Try-and-increment from SHA-256(tag): the first x with x^3 + 3 a square, its square
// root. G1 has cofactor 1: any curve point is in G1. Nobody knows its discrete log.
ec::G1Affine hashed_point(std::string_view tag) {
  const Sha256Digest seed = Sha256().update(tag).finish();
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
}

}  // namespace

const ec::G1Affine& EmulatedG1::offset_point() {
  static const ec::G1Affine t = hashed_point("proofagg.circuit.g1.offset");
  return t;
}

const ec::G1Affine& EmulatedG1::window_offset_point() {
  static const ec::G1Affine u = hashed_point("proofagg.circuit.g1.window-offset");
  return u;
}

G1Var EmulatedG1::select_constant(std::span<const Variable> bits, std::span<const ec::G1Affine> table) {
  Builder& b = f_.builder();
  const std::size_t size = std::size_t{1} << bits.size();
  if (table.size() != size) throw std::logic_error("select_constant: one point per value of the bits");
  // The monomials prod_{i in s} b_i of every subset s (mask), each from a smaller one.
  std::vector<LC> monomial(size);
  monomial[0] = LC::constant(1);
  for (std::size_t mask = 1; mask < size; ++mask) {
    const std::size_t top = std::bit_width(mask) - 1, rest = mask ^ (std::size_t{1} << top);
    monomial[mask] = rest == 0 ? LC(bits[top]) : LC(mul(b, monomial[rest], bits[top]));
  }
  // Each limb of each coordinate as the multilinear polynomial through the table's
  // limbs: coefficients by the Moebius transform over subsets.
  const auto coordinate = [&](auto get) {
    FqVar out;
    for (std::size_t limb = 0; limb < EmulatedFq::kLimbs; ++limb) {
      std::vector<Fr> c(size);
      for (std::size_t k = 0; k < size; ++k) c[k] = Fr::from_u64(get(table[k]).to_canonical().v[limb]);
      for (std::size_t i = 0; i < bits.size(); ++i) {
        for (std::size_t mask = 0; mask < size; ++mask) {
          if (mask >> i & 1) c[mask] = c[mask] - c[mask ^ (std::size_t{1} << i)];
        }
      }
      LC sum;
      for (std::size_t mask = 0; mask < size; ++mask) sum += monomial[mask] * c[mask];
      out.limbs.push_back(sum.compact());
      out.bits.push_back(EmulatedFq::kLimbBits);
    }
    return out;
  };
  return {coordinate([](const ec::G1Affine& p) { return p.x; }), coordinate([](const ec::G1Affine& p) { return p.y; })};
}

G1Var EmulatedG1::multi_scalar_mul(std::span<const G1Var> points, std::span<const std::vector<Variable>> scalars,
                                   const G1Var* base) {
  if (points.size() != scalars.size()) throw std::logic_error("multi_scalar_mul: one scalar per point");
  Builder& b = f_.builder();
  std::size_t levels = 0;
  for (const auto& bits : scalars) levels = std::max(levels, bits.size());
  // Each point's multiples [1..2^w - 1] P_i (table[i][d - 1] = [d] P_i): a chain of
  // doublings and additions of P_i's own multiples, all proper (P_i has prime order r,
  // so [a] P_i != +-[c] P_i for a != +-c below 2^w).
  std::vector<std::vector<G1Var>> table(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::size_t bits = std::min(kMsmWindow, scalars[i].size());
    if (bits == 0) continue;
    table[i].push_back(points[i]);
    for (std::size_t d = 2; d < (std::size_t{1} << bits); ++d) {
      table[i].push_back(d % 2 == 0 ? dbl(table[i][d / 2 - 1]) : add(table[i][d - 2], points[i]));
    }
  }
  const ec::G1Affine& t = offset_point();
  G1Var acc = constant(t);
  // Windows of kMsmWindow levels from the top (the lowest may be shorter): acc is
  // doubled once per level, then gets [d] P_i added for each point whose digit d (its
  // bits at those levels) is not 0. The addition is made for d = 0 too (of P_i) and
  // dropped by the selection.
  for (std::size_t top = levels; top > 0;) {
    const std::size_t low = top >= kMsmWindow ? top - kMsmWindow : 0;
    for (std::size_t level = low; level < top; ++level) acc = dbl(acc);
    for (std::size_t i = 0; i < points.size(); ++i) {
      if (low >= scalars[i].size()) continue;
      const auto digit = std::span(scalars[i]).subspan(low, std::min(top, scalars[i].size()) - low);
      // The entry the digit's bits select (entries 0 and 1 both P_i), by a tree of
      // selections from the lowest bit up; and whether the digit is not zero.
      std::vector<G1Var> candidates;
      candidates.push_back(table[i][0]);
      for (std::size_t d = 1; d < (std::size_t{1} << digit.size()); ++d) candidates.push_back(table[i][d - 1]);
      LC nonzero = LC(digit[0]);
      for (std::size_t k = 0; k < digit.size(); ++k) {
        std::vector<G1Var> chosen;
        for (std::size_t c = 0; c < candidates.size(); c += 2) chosen.push_back(select(digit[k], candidates[c + 1], candidates[c]));
        candidates = std::move(chosen);
        if (k > 0) nonzero = nonzero + LC(digit[k]) - LC(mul(b, nonzero, digit[k], "msm digit not zero"));
      }
      acc = select(nonzero, add(acc, candidates.front()), acc);
    }
    top = low;
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
  // Windows of w bits: the window's multiple of P_i is a constant chosen by its bits
  // (2^w - w - 1 products of bits, then linear), so a window costs one addition. Every
  // table entry is offset by [n] U (n counting windows) so that none is the point at
  // infinity, and the offsets are taken back out at the end with T's.
  const std::size_t w = f_.builder().committed() ? 6 : 8;
  const ec::G1 u = ec::G1::from_affine(window_offset_point());
  ec::G1 offsets = ec::G1::from_affine(offset_point());  // T + sum of the windows' offsets
  G1Var acc = constant(offset_point());
  ec::G1 window_offset = u;
  for (std::size_t i = 0; i < points.size(); ++i) {
    ec::G1 power = ec::G1::from_affine(points[i]);  // [2^j] P_i at the window's first bit j
    for (std::size_t j = 0; j < scalars[i].size(); j += w) {
      const auto bits = std::span(scalars[i]).subspan(j, std::min(w, scalars[i].size() - j));
      std::vector<ec::G1> entries(std::size_t{1} << bits.size());
      ec::G1 multiple = ec::G1::infinity();
      for (ec::G1& entry : entries) {
        entry = multiple + window_offset;
        multiple = multiple + power;
      }
      std::vector<ec::G1Affine> table(entries.size());
      ec::batch_to_affine<ec::G1Curve>(entries, table);
      acc = add(acc, select_constant(bits, table));
      offsets = offsets + window_offset;
      window_offset = window_offset + u;
      power = multiple;  // [2^(j + |bits|)] P_i
    }
  }
  acc = add(acc, base);
  if (offsets.is_infinity()) throw std::logic_error("fixed_base_msm: the offsets cancel");
  return add(acc, neg(constant(offsets.to_affine())));
}

}  // namespace proofagg::circuit
