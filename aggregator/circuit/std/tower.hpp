// The extension fields of BN254 inside a circuit, over the non-native Fq of fq.hpp
// (plain mode), mirroring kernels/ff's Fq2 and Fq12.
//
// Fq2 = Fq[u]/(u^2 + 1), as kernels/ff. Fq12 is kept "direct over Fq2":
// Fq12 = Fq2[w]/(w^6 - xi), xi = 9 + u, which is kernels' tower read in the basis
// 1, w, ..., w^5 (w^2 = v, w^6 = v^3 = xi): kernels' (a0 + a1 v + a2 v^2) +
// (b0 + b1 v + b2 v^2) w has the coefficients [a0, b0, a1, b1, a2, b2]. In that basis
// a product is one polynomial product over Fq2 followed by a linear fold of
// w^6..w^10 with xi, so a whole Fq12 product is built from unreduced Fq products and
// reduced once per Fq coefficient (12 reductions), and sparse line values
// d0 + d3 w + d4 w^3 multiply with fewer products.
#pragma once

#include <array>
#include <initializer_list>
#include <utility>
#include <functional>

#include "aggregator/circuit/std/fq.hpp"
#include "kernels/ff/fq12.hpp"

namespace proofagg::circuit {

struct Fq2Var {
  FqVar c0, c1;  // c0 + c1 u
};

// sum_k c[k] w^k.
struct Fq12Var {
  std::array<Fq2Var, 6> c;
};

class EmulatedTower {
 public:
  explicit EmulatedTower(EmulatedFq& fq) : fq_(fq) {}
  EmulatedFq& fq() { return fq_; }

  // Fq2.
  Fq2Var constant(const ff::Fq2& v) const;
  Fq2Var private_input(const ff::Fq2& v);
  // Both coefficients below p (for private inputs and reduced elements).
  void assert_canonical(const Fq2Var& a);
  Fq2Var add(const Fq2Var& a, const Fq2Var& b) const;
  Fq2Var sub(const Fq2Var& a, const Fq2Var& b) const;
  Fq2Var neg(const Fq2Var& a) const;
  Fq2Var conjugate(const Fq2Var& a) const;
  Fq2Var mul_by_xi(const Fq2Var& a) const;           // (9 + u) a: linear
  Fq2Var mul_by_fq(const Fq2Var& a, const FqVar& k);  // unreduced
  Fq2Var mul_small(const Fq2Var& a, std::int64_t k) const;
  // Karatsuba: three unreduced Fq products; reduce() once per coefficient.
  Fq2Var mul_unreduced(const Fq2Var& a, const Fq2Var& b);
  Fq2Var reduce(const Fq2Var& a);
  Fq2Var product(const Fq2Var& a, const Fq2Var& b) { return mul_unreduced(a, b); }
  Fq2Var mul(const Fq2Var& a, const Fq2Var& b) { return reduce(mul_unreduced(a, b)); }
  Fq2Var square(const Fq2Var& a) { return mul(a, a); }
  // 1 / a by hint, a x = 1 checked: a = 0 is unsatisfiable.
  Fq2Var inverse(const Fq2Var& a);
  // a / b by hint, b x = a checked and b != 0 proven (as EmulatedFq::div).
  Fq2Var div(const Fq2Var& a, const Fq2Var& b);
  void assert_equal(const Fq2Var& a, const Fq2Var& b);
  Fq2Var select(const LC& condition, const Fq2Var& a, const Fq2Var& b);
  ff::Fq2 value(const Fq2Var& a) const;

  // Fq12, coefficients in w (see above).
  static std::array<ff::Fq2, 6> to_w_basis(const ff::Fq12& v);
  static ff::Fq12 from_w_basis(const std::array<ff::Fq2, 6>& c);
  Fq12Var constant(const ff::Fq12& v) const;
  Fq12Var private_input(const ff::Fq12& v);
  Fq12Var add(const Fq12Var& a, const Fq12Var& b) const;
  Fq12Var sub(const Fq12Var& a, const Fq12Var& b) const;
  Fq12Var conjugate(const Fq12Var& a) const;  // w -> -w: the inverse on the cyclotomic subgroup
  // a^(q^k): each coefficient's Frobenius (conjugation for odd k) times the constant
  // w^(i q^k) / w^i, read off kernels' Frobenius of the basis element w^i.
  Fq12Var frobenius(const Fq12Var& a, int k);
  Fq12Var mul(const Fq12Var& a, const Fq12Var& b) { return reduce(mul_unreduced(a, b)); }
  Fq12Var mul_unreduced(const Fq12Var& a, const Fq12Var& b);
  Fq12Var reduce(const Fq12Var& a);
  Fq12Var square(const Fq12Var& a) { return mul(a, a); }
  // Times a line value d0 + d3 w + d4 w^3 (the sparse form of kernels' mul_by_034).
  Fq12Var mul_by_line(const Fq12Var& a, const Fq2Var& d0, const Fq2Var& d3, const Fq2Var& d4);
  // Times the product of two line values, e_0 + e_1 w + ... + e_4 w^4 (w^6 = xi folded
  // into e_0): one reduction of a for two lines instead of two.
  Fq12Var mul_by_line_product(const Fq12Var& a, const std::array<Fq2Var, 5>& e);
  Fq12Var inverse(const Fq12Var& a);
  Fq12Var div(const Fq12Var& a, const Fq12Var& b);
  // A new Fq2 element `compute` gives when building a witness, with range-checked
  // limbs; the caller constrains it.
  Fq2Var hint(const std::function<ff::Fq2()>& compute);
  // A new element with range-checked limbs whose value is `value` when building a
  // witness: unconstrained beyond that, the caller checks it.
  Fq12Var witness(const ff::Fq12& value);
  // sum_i selector_i * constant_i for selectors the caller constrained to be 0 or 1
  // (limbs stay non-negative): linear, no constraint.
  Fq12Var linear_combination(std::initializer_list<std::pair<LC, ff::Fq12>> terms) const;
  void assert_equal(const Fq12Var& a, const Fq12Var& b);
  ff::Fq12 value(const Fq12Var& a) const;

 private:
  Fq12Var hint(const std::function<ff::Fq12()>& compute);
  // a b for b given by its coefficients (null: zero), unreduced: one polynomial
  // product over Fq2, then w^(6+k) = xi w^k folded in.
  Fq12Var multiply(const Fq12Var& a, const std::array<const Fq2Var*, 6>& b);

  EmulatedFq& fq_;
};

}  // namespace proofagg::circuit
