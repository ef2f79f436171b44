#include "aggregator/circuit/std/fq.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/wide_int.hpp"

namespace proofagg::circuit {
namespace {

using detail::WideInt;
using ff::Fq;

constexpr std::size_t kLimbs = EmulatedFq::kLimbs;
constexpr int kLimbBits = EmulatedFq::kLimbBits;

int log2_ceil(std::size_t n) { return n <= 1 ? 0 : std::bit_width(n - 1); }

int bit_length(std::uint64_t v) { return std::bit_width(v); }

// The 64-bit words of p, lowest first.
const ff::Limbs& p_limbs() {
  static const ff::Limbs p = ff::FqParams::modulus();
  return p;
}

Fr limb_constant(std::uint64_t v) { return Fr::from_u64(v); }

// Bound of |X| for X = sum x_i 2^(64 i): below 2^result.
int value_bits(const FqVar& x) {
  int bits = 0;
  for (std::size_t i = 0; i < x.bits.size(); ++i) {
    if (x.bits[i] > 0) bits = std::max(bits, x.bits[i] + kLimbBits * static_cast<int>(i));
  }
  return bits + log2_ceil(x.bits.size());
}

void check_bounds(const FqVar& x, const char* what) {
  for (const int bits : x.bits) {
    if (bits > EmulatedFq::kMaxBits) throw std::logic_error(std::string(what) + ": a limb could exceed 2^240");
  }
}

const Fr& two_to_64() {
  static const Fr v = Fr::from_canonical(ff::Limbs{{0, 1, 0, 0}});
  return v;
}

// x rounded up to a multiple of g.
int round_up(int x, int g) { return (x + g - 1) / g * g; }

// out += scale * A B for limb polynomials A, B of the builder's values (witness mode).
void add_product_values(const Builder& b, std::span<const LC> a, std::span<const LC> factor, const Fr& scale,
                        std::vector<Fr>& out) {
  std::vector<Fr> factor_values;
  factor_values.reserve(factor.size());
  for (const LC& l : factor) factor_values.push_back(b.value(l));
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Fr scaled = b.value(a[i]) * scale;
    for (std::size_t j = 0; j < factor_values.size(); ++j) out[i + j] = out[i + j] + scaled * factor_values[j];
  }
}

// The coefficients of x as a polynomial in y, products expanded (witness mode): each
// a signed integer below 2^240 held in Fr, as the bounds guarantee.
std::vector<Fr> coefficient_values(const Builder& b, const FqVar& x) {
  std::vector<Fr> out(x.limbs.size());
  for (std::size_t i = 0; i < x.limbs.size(); ++i) out[i] = b.value(x.limbs[i]);
  for (const auto& [product, scale] : x.products) add_product_values(b, product->a, product->b, scale, out);
  return out;
}

// Limbs paired into base 2^128, e_k = d_2k + 2^64 d_2k+1 (an LC or a value per limb),
// and their bounds: half as many carries where the pairs stay within kMaxBits.
template <class T>
std::vector<T> paired(std::span<const T> d) {
  std::vector<T> out;
  for (std::size_t j = 0; j < d.size(); j += 2) out.push_back(j + 1 < d.size() ? d[j] + d[j + 1] * two_to_64() : d[j]);
  return out;
}
std::vector<int> paired_bounds(std::span<const int> bits) {
  std::vector<int> out;
  for (std::size_t j = 0; j < bits.size(); j += 2) {
    out.push_back(j + 1 < bits.size() ? std::max(bits[j], bits[j + 1] + kLimbBits) + 1 : bits[j]);
  }
  return out;
}
bool within_bounds(std::span<const int> bits) {
  return std::all_of(bits.begin(), bits.end(), [](int b) { return b <= EmulatedFq::kMaxBits; });
}

// The integer a limb polynomial stands for, from its coefficients' values.
WideInt integer_value(const Builder& b, const FqVar& x) {
  WideInt sum;
  const std::vector<Fr> coefficients = coefficient_values(b, x);
  for (std::size_t i = 0; i < coefficients.size(); ++i) {
    sum = sum + WideInt::from_signed(coefficients[i]).shifted_left(kLimbBits * static_cast<int>(i));
  }
  return sum;
}

// The limbs of a constant: its 64-bit words.
FqVar constant_limbs(const WideInt& v, std::size_t count) {
  FqVar out;
  for (std::size_t i = 0; i < count; ++i) {
    out.limbs.emplace_back(limb_constant(v.word(static_cast<int>(i))));
    out.bits.push_back(bit_length(v.word(static_cast<int>(i))));
  }
  return out;
}

bool all_constant(const FqVar& x) {
  return x.products.empty() && std::all_of(x.limbs.begin(), x.limbs.end(), [](const LC& l) { return l.is_constant(); });
}

// sum_i (-1)^i c_i t^i: an evaluation at -t from the same products wire * t^i.
LC evaluate_at_negated(Builder& b, std::span<const LC> coefficients) {
  std::vector<LC> alternating(coefficients.begin(), coefficients.end());
  for (std::size_t i = 1; i < alternating.size(); i += 2) alternating[i] = -alternating[i];
  return b.evaluate(alternating);
}

// X(t), or X(-t), inside deferred checks: one constraint per product not yet
// evaluated there.
LC at_challenge(Builder& b, const FqVar& x, bool negated = false) {
  const auto at = [&](std::span<const LC> poly) { return negated ? evaluate_at_negated(b, poly) : b.evaluate(poly); };
  LC sum = at(x.limbs);
  for (const auto& [product, scale] : x.products) {
    std::optional<Variable>& value = negated ? product->at_negated_challenge : product->at_challenge;
    if (!value) value = mul(b, at(product->a), at(product->b), "fq product at the challenge");
    sum.add_term(*value, scale);
  }
  return sum.compact();
}

void scale_products(FqVar& x, const Fr& k) {
  for (auto& term : x.products) term.second = term.second * k;
}

}  // namespace

FqVar EmulatedFq::constant(const Fq& value) const {
  return constant_limbs(WideInt::from_limbs(value.to_canonical()), kLimbs);
}

FqVar EmulatedFq::new_limbs(const Fq& value, bool is_public) {
  const ff::Limbs v = value.to_canonical();
  FqVar out;
  for (std::size_t i = 0; i < kLimbs; ++i) {
    const Fr limb = limb_constant(v.v[i]);
    const Variable w = is_public ? b_.public_input(limb) : b_.private_input(limb);
    range_check(b_, w, kLimbBits);
    out.limbs.emplace_back(w);
    out.bits.push_back(kLimbBits);
  }
  return out;
}

FqVar EmulatedFq::public_input(const Fq& value) { return new_limbs(value, true); }
FqVar EmulatedFq::private_input(const Fq& value) { return new_limbs(value, false); }

FqVar EmulatedFq::hint(const std::function<Fq()>& compute) {
  const std::vector<std::size_t> widths(kLimbs, kLimbBits);
  FqVar out;
  out.limbs = range_checked_hint(b_, widths, {}, [&](std::span<const Fr>) {
    const ff::Limbs v = compute().to_canonical();
    std::vector<Fr> words;
    for (std::size_t i = 0; i < kLimbs; ++i) words.push_back(limb_constant(v.v[i]));
    return words;
  });
  out.bits.assign(kLimbs, kLimbBits);
  return out;
}

FqVar EmulatedFq::add(const FqVar& a, const FqVar& b) const {
  FqVar out;
  const std::size_t n = std::max(a.limbs.size(), b.limbs.size());
  for (std::size_t i = 0; i < n; ++i) {
    LC limb;
    int bits = 0;
    if (i < a.limbs.size()) limb += a.limbs[i], bits = a.bits[i];
    if (i < b.limbs.size()) limb += b.limbs[i], bits = std::max(bits, b.bits[i]);
    out.limbs.push_back(limb);
    out.bits.push_back(bits + 1);
  }
  out.products = a.products;
  out.products.insert(out.products.end(), b.products.begin(), b.products.end());
  check_bounds(out, "add");
  return out;
}

FqVar EmulatedFq::neg(const FqVar& a) const {
  FqVar out = a;
  for (LC& limb : out.limbs) limb = -limb;
  scale_products(out, -Fr::one());
  return out;
}

FqVar EmulatedFq::sub(const FqVar& a, const FqVar& b) const { return add(a, neg(b)); }

FqVar EmulatedFq::mul_small(const FqVar& a, std::int64_t k) const {
  if (k <= -(std::int64_t{1} << 32) || k >= (std::int64_t{1} << 32)) throw std::logic_error("mul_small: |k| >= 2^32");
  const Fr factor = k < 0 ? -Fr::from_u64(static_cast<std::uint64_t>(-k)) : Fr::from_u64(static_cast<std::uint64_t>(k));
  FqVar out = a;
  for (std::size_t i = 0; i < out.limbs.size(); ++i) {
    out.limbs[i] *= factor;
    out.bits[i] += bit_length(static_cast<std::uint64_t>(k < 0 ? -k : k));
  }
  scale_products(out, factor);
  check_bounds(out, "mul_small");
  return out;
}

FqVar EmulatedFq::product(const FqVar& a_in, const FqVar& b_in) {
  FqVar a = a_in, b = b_in;
  const auto max_bits = [](const FqVar& x) { return *std::max_element(x.bits.begin(), x.bits.end()); };
  const auto product_bits = [&] {
    return max_bits(a) + max_bits(b) + log2_ceil(std::min(a.limbs.size(), b.limbs.size()));
  };
  // Lazy reduction's limits: limbs below 2^240, and the product's integer small
  // enough for the reduction's hints (kMaxValueBits); reduce the wider operand until
  // both hold.
  const auto product_value_bits = [&] {
    return value_bits(a) + value_bits(b) + log2_ceil(std::min(a.limbs.size(), b.limbs.size()));
  };
  while (product_bits() > kMaxBits || product_value_bits() > kMaxValueBits) {
    if (product_value_bits() > kMaxValueBits && product_bits() <= kMaxBits) {
      FqVar& longer = value_bits(a) >= value_bits(b) ? a : b;
      if (longer.limbs.size() <= kLimbs && max_bits(longer) <= kLimbBits) throw std::logic_error("product: cannot fit");
      longer = reduce(longer);
      continue;
    }
    FqVar& wider = max_bits(a) >= max_bits(b) ? a : b;
    if (max_bits(wider) <= kLimbBits && wider.limbs.size() <= kLimbs) throw std::logic_error("product: cannot fit");
    wider = reduce(wider);
  }
  return exact_product(a, b);
}

FqVar EmulatedFq::exact_product(const FqVar& a_in, const FqVar& b_in) {
  // Products multiply limb polynomials of wires only.
  const FqVar a = expanded(a_in), b = expanded(b_in);
  const std::size_t n = a.limbs.size() + b.limbs.size() - 1;
  FqVar out;
  out.bits.assign(n, 0);
  for (std::size_t i = 0; i < a.limbs.size(); ++i) {
    for (std::size_t j = 0; j < b.limbs.size(); ++j) {
      out.bits[i + j] = std::max(out.bits[i + j], a.bits[i] + b.bits[j]);
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t terms = std::min({k + 1, a.limbs.size(), b.limbs.size(), n - k});
    out.bits[k] += log2_ceil(terms);
  }
  check_bounds(out, "exact_product");
  if (all_constant(a) || all_constant(b)) {  // linear: no constraint
    const FqVar& c = all_constant(a) ? a : b;
    const FqVar& v = all_constant(a) ? b : a;
    out.limbs.assign(n, LC());
    for (std::size_t i = 0; i < c.limbs.size(); ++i) {
      for (std::size_t j = 0; j < v.limbs.size(); ++j) out.limbs[i + j] += v.limbs[j] * c.limbs[i].constant_value();
    }
    return out;
  }
  if (b_.committed()) {  // kept unexpanded, checked by the reduction that consumes it
    out.limbs.assign(n, LC());
    out.products.emplace_back(std::make_shared<FqProduct>(FqProduct{a.limbs, b.limbs, std::nullopt}), Fr::one());
    return out;
  }
  const auto coefficients = b_.hint(n, {}, [&](std::span<const Fr>) {
    std::vector<Fr> c(n, Fr::zero());
    add_product_values(b_, a.limbs, b.limbs, Fr::one(), c);
    return c;
  });
  for (const Variable c : coefficients) out.limbs.emplace_back(c);
  // A(t) B(t) = C(t) at t = 0 .. n - 1.
  const auto at = [](const std::vector<LC>& poly, std::uint64_t t) {
    LC sum;
    Fr power = Fr::one();
    for (const LC& c : poly) {
      sum += c * power;
      power = power * Fr::from_u64(t);
    }
    return sum;
  };
  for (std::uint64_t t = 0; t < n; ++t) {
    b_.constrain(at(a.limbs, t), at(b.limbs, t), at(out.limbs, t), "fq product: A(t) B(t) = C(t)");
  }
  return out;
}

FqVar EmulatedFq::expanded(const FqVar& x) {
  if (x.products.empty()) return x;
  const auto coefficients = b_.hint(x.limbs.size(), {}, [&](std::span<const Fr>) { return coefficient_values(b_, x); });
  FqVar out{{}, x.bits, {}};
  for (const Variable c : coefficients) out.limbs.emplace_back(c);
  b_.defer([&builder = b_, x, c = out.limbs] {
    builder.constrain(LC::constant(1), at_challenge(builder, x), builder.evaluate(c), "fq expansion at the challenge");
  });
  return out;
}

std::vector<LC> EmulatedFq::carries(std::span<const int> bits, int step,
                                    const std::function<std::vector<Fr>()>& values) {
  const std::size_t m = bits.size();
  // Carry bounds: |S_j| = |sum_{i<=j} e_i 2^(step i)| < (j + 1) 2^B_j with
  // B_j = max_{i<=j} (bits_i + step i), and c_j = S_j / 2^(step (j+1)). A bound is
  // widened to a whole number of lookup chunks (free) while 2^step c_j stays
  // far below r / 2, which is all the lifting to the integers needs.
  const auto granularity = static_cast<int>(range_check_granularity(b_));
  std::vector<std::size_t> widths;  // of c_j + 2^(width - 1), proving |c_j| < 2^(width - 1)
  int highest = 0;
  for (std::size_t j = 0; j + 1 < m; ++j) {
    highest = std::max(highest, bits[j] + step * static_cast<int>(j));
    const int width = std::max(highest + log2_ceil(j + 1) - step * static_cast<int>(j + 1), 1) + 1;
    const int widened = round_up(width, granularity);
    widths.push_back(static_cast<std::size_t>(widened - 1 + step <= kMaxBits ? widened : width));
  }
  const auto offset = [&](std::size_t j) { return WideInt::from_u64(1).shifted_left(static_cast<int>(widths[j]) - 1); };
  auto out = range_checked_hint(b_, widths, {}, [&, m, step](std::span<const Fr>) {
    const std::vector<Fr> in = values();
    std::vector<Fr> carry_values;
    WideInt carry;
    for (std::size_t j = 0; j + 1 < m; ++j) {
      carry = WideInt::from_signed(in[j]) + carry;
      for (int shifted = 0; shifted < step; shifted += kLimbBits) carry = carry.divided_by_2_64();
      carry_values.push_back((carry + offset(j)).to_fr());
    }
    return carry_values;
  });
  for (std::size_t j = 0; j < out.size(); ++j) out[j] -= LC(offset(j).to_fr());
  return out;
}

void EmulatedFq::assert_zero(const ZeroPolynomial& z) {
  const FqVar p = constant_limbs(WideInt::from_limbs(p_limbs()), kLimbs);
  const FqVar d = z.quotient.limbs.empty() ? z.linear : sub(z.linear, exact_product(z.quotient, p));
  if (!b_.committed()) {
    assert_zero_polynomial(d);
    return;
  }
  check_bounds(d, "assert_zero");
  if (assert_zero_paired(z, d)) return;
  const auto c = carries(d.bits, kLimbBits, [&] { return coefficient_values(b_, d); });
  // D(t) = (2^64 - t) c(t), with D(t) = linear(t) - q(t) p(t).
  b_.defer([&builder = b_, carry_limbs = c, linear = z.linear, q = z.quotient.limbs, p = p.limbs] {
    const LC factor = LC(WideInt::from_u64(1).shifted_left(kLimbBits).to_fr()) - LC(builder.challenge());
    if (q.empty()) {
      builder.constrain(factor, builder.evaluate(carry_limbs), at_challenge(builder, linear), "fq zero at the challenge");
      return;
    }
    const Variable u = circuit::mul(builder, factor, builder.evaluate(carry_limbs), "fq carries at the challenge");
    builder.constrain(builder.evaluate(q), builder.evaluate(p), at_challenge(builder, linear) - u, "fq multiple of p at the challenge");
  });
}

bool EmulatedFq::assert_zero_paired(const ZeroPolynomial& z, const FqVar& d) {
  // D'(z) = sum_k e_k z^k, e_k = d_2k + 2^64 d_2k+1, has D'(2^128) = D(2^64): its carry
  // chain in base 2^128 (half as many carries) proves D(2^64) = 0, when every e_k
  // stays within the bounds.
  const std::vector<int> paired_bits = paired_bounds(d.bits);
  if (d.bits.size() < 3 || !within_bounds(paired_bits)) return false;
  const auto c = carries(paired_bits, 2 * kLimbBits, [&] {
    const std::vector<Fr> values = coefficient_values(b_, d);
    return paired<Fr>(values);
  });
  // D'(t^2) = (D(t) + D(-t)) / 2 + 2^64 (D(t) - D(-t)) / (2t) (even and odd parts of D),
  // checked as t (D(t) + D(-t)) + 2^64 (D(t) - D(-t)) = 2t (2^128 - t^2) c'(t^2): an
  // identity of committed polynomials at t^2 (a root of a nonzero one with probability
  // at most 2 deg / r; t = 0, which would void it, as likely as any other value).
  const FqVar p = constant_limbs(WideInt::from_limbs(p_limbs()), kLimbs);
  b_.defer([&builder = b_, carry_limbs = c, linear = z.linear, q = z.quotient.limbs, p = p.limbs] {
    LC at_t = at_challenge(builder, linear), at_minus_t = at_challenge(builder, linear, true);
    if (!q.empty()) {
      at_t -= circuit::mul(builder, builder.evaluate(q), builder.evaluate(p), "fq multiple of p at the challenge");
      at_minus_t -= circuit::mul(builder, evaluate_at_negated(builder, q), evaluate_at_negated(builder, p),
                                 "fq multiple of p at minus the challenge");
    }
    std::vector<LC> spread;  // c'(t^2) = sum_k c'_k t^(2k)
    for (const LC& carry : carry_limbs) {
      if (!spread.empty()) spread.emplace_back();
      spread.push_back(carry);
    }
    const Fr two = Fr::from_u64(2);
    const std::vector<LC> factor_coefficients{LC(), LC(WideInt::from_u64(1).shifted_left(2 * kLimbBits + 1).to_fr()), LC(),
                                              LC(-two)};
    const LC u = circuit::mul(builder, builder.evaluate(factor_coefficients), builder.evaluate(spread),
                              "fq carries at the challenge squared");
    builder.constrain(builder.challenge(), at_t + at_minus_t, u - (at_t - at_minus_t) * two_to_64(),
                      "fq zero at the challenge squared");
  });
  return true;
}

void EmulatedFq::assert_zero_polynomial(const FqVar& d_in) {
  if (!d_in.products.empty()) throw std::logic_error("assert_zero_polynomial: unexpanded products in a plain circuit");
  check_bounds(d_in, "assert_zero_polynomial");
  // Limbs are paired (e_j = d_2j + 2^64 d_2j+1, base 2^128) when the pairs stay within
  // the bounds: half as many carries, each about as wide, so about half the range
  // checks of the chain.
  const std::vector<int> paired_bits = paired_bounds(d_in.bits);
  const bool fits = within_bounds(paired_bits);
  const FqVar d = fits ? FqVar{paired<LC>(d_in.limbs), paired_bits, {}} : d_in;
  const int step = fits ? 2 * kLimbBits : kLimbBits;
  const std::size_t m = d.limbs.size();
  const auto chain = carries(d.bits, step, [&] { return coefficient_values(b_, d); });
  const Fr base = WideInt::from_u64(1).shifted_left(step).to_fr();
  LC previous;
  for (std::size_t j = 0; j < m; ++j) {
    LC lhs = d.limbs[j] + previous;
    if (j + 1 < m) {
      lhs -= chain[j] * base;
      previous = chain[j];
    }
    b_.constrain(lhs, LC::constant(1), LC(), "fq carry chain");
  }
}

EmulatedFq::ZeroPolynomial EmulatedFq::minus_quotient(const FqVar& y) {
  if (value_bits(y) > kMaxValueBits + 64) throw std::logic_error("reduce: the value exceeds the hints' integers");
  // y - q p for the integer q = y / p (the caller made y a multiple of p):
  // q' = q + 2^qb >= 0 is hinted in 64-bit limbs, range-checked, and the constant
  // 2^qb p added back.
  const int yb = value_bits(y);
  const int qb = std::max(yb - 253, 0) + 1;
  const int q_bits = qb + 1;
  const std::size_t nq = static_cast<std::size_t>((q_bits + kLimbBits - 1) / kLimbBits);
  const WideInt shift = WideInt::from_u64(1).shifted_left(qb);
  // The top limb's bound widened to whole lookup chunks (free; still 64 bits at
  // most, and q's bounds feed the carries' like any other).
  const auto granularity = static_cast<int>(range_check_granularity(b_));
  std::vector<std::size_t> widths(nq, kLimbBits);
  const int top = q_bits - kLimbBits * static_cast<int>(nq - 1);
  widths.back() = static_cast<std::size_t>(std::min(round_up(top, granularity), kLimbBits));
  FqVar q;
  q.limbs = range_checked_hint(b_, widths, {}, [&, nq](std::span<const Fr>) {
    const WideInt value = integer_value(b_, y).divide_exact_by_p() + shift;
    std::vector<Fr> out;
    for (std::size_t i = 0; i < nq; ++i) out.push_back(limb_constant(value.word(static_cast<int>(i))));
    return out;
  });
  for (const std::size_t w : widths) q.bits.push_back(static_cast<int>(w));
  const WideInt shifted_p = shift * WideInt::from_limbs(p_limbs());
  const FqVar k = constant_limbs(shifted_p, static_cast<std::size_t>((shifted_p.bit_length() + kLimbBits - 1) / kLimbBits));
  return {add(y, k), q};
}

FqVar EmulatedFq::reduce(const FqVar& x) {
  const FqVar r = hint([&] { return integer_value(b_, x).mod_p(); });
  assert_zero(minus_quotient(sub(x, r)));
  return r;
}

void EmulatedFq::assert_equal(const FqVar& a, const FqVar& b) { assert_zero(minus_quotient(sub(a, b))); }

FqVar EmulatedFq::inverse(const FqVar& a) {
  const FqVar x = hint([&] {
    const Fq v = value(a);
    return v.is_zero() ? Fq::zero() : v.inverse();
  });
  assert_equal(product(a, x), constant(Fq::one()));
  return x;
}

FqVar EmulatedFq::div(const FqVar& a, const FqVar& b) {
  const FqVar x = hint([&] {
    const Fq denominator = value(b);
    return denominator.is_zero() ? Fq::zero() : value(a) * denominator.inverse();
  });
  assert_equal(product(b, x), a);
  (void)inverse(b);
  return x;
}

FqVar EmulatedFq::canonical(const FqVar& x) {
  const FqVar r = reduce(x);
  assert_canonical(r);
  return r;
}

void EmulatedFq::assert_canonical(const FqVar& r) {
  if (r.limbs.size() != kLimbs || *std::max_element(r.bits.begin(), r.bits.end()) > kLimbBits) {
    throw std::logic_error("assert_canonical: needs four range-checked 64-bit limbs");
  }
  // t = p - 1 - r in range-checked 64-bit limbs, and r + t = p - 1 over the
  // integers: then r = p - 1 - t <= p - 1.
  const FqVar t = hint([&] { return (WideInt::from_limbs(p_limbs()) - WideInt::from_u64(1) - integer_value(b_, r)).mod_p(); });
  const WideInt p_minus_1 = WideInt::from_limbs(p_limbs()) - WideInt::from_u64(1);
  assert_zero({sub(add(r, t), constant_limbs(p_minus_1, kLimbs)), {}});
}

std::array<LC, 2> EmulatedFq::halves(const FqVar& canonical) {
  if (canonical.limbs.size() != kLimbs) throw std::logic_error("halves: needs four 64-bit limbs");
  return {canonical.limbs[0] + canonical.limbs[1] * two_to_64(), canonical.limbs[2] + canonical.limbs[3] * two_to_64()};
}

FqVar EmulatedFq::select(const LC& condition, const FqVar& a, const FqVar& b) {
  const FqVar ra = a.limbs.size() == kLimbs && a.products.empty() ? a : reduce(a);
  const FqVar rb = b.limbs.size() == kLimbs && b.products.empty() ? b : reduce(b);
  FqVar out;
  for (std::size_t i = 0; i < kLimbs; ++i) {
    out.limbs.emplace_back(circuit::select(b_, condition, ra.limbs[i], rb.limbs[i]));
    out.bits.push_back(std::max(ra.bits[i], rb.bits[i]));
  }
  return out;
}

Fq EmulatedFq::value(const FqVar& x) const { return integer_value(b_, x).mod_p(); }

}  // namespace proofagg::circuit
