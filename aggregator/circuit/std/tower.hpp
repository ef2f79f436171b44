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
// d0 + d3 w + d4 w^3 multiply with fewer products. Where only the class modulo Fq6*
// matters (the pairing check), TorusVar halves that: 6 reductions a product.
#pragma once

#include <array>
#include <optional>
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

// An Fq12 factor by its coefficients in w, absent ones zero (a line, two lines'
// product, a constant).
using SparseFq12 = std::array<std::optional<Fq2Var>, 6>;

// The class of g + w in Fq12* / Fq6*, g = g0 + g1 v + g2 v^2 (v = w^2): half the
// coefficients of an Fq12 element, for products whose Fq6 factors do not matter
// (the compressed torus T2 of Rubin and Silverberg, CRYPTO 2003; El Housni,
// "Pairings in Rank-1 Constraint Systems", ACNS 2023, computes with it in R1CS).
// Every class but Fq6* itself is the class of exactly one g + w: x = a + b w with
// b != 0 is b (a / b + w). g + w is never zero, so no witness of this form is.
struct TorusVar {
  std::array<Fq2Var, 3> g;
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
  Fq12Var mul(const Fq12Var& a, const Fq12Var& b) { return reduce(mul_unreduced(a, b)); }
  Fq12Var mul_unreduced(const Fq12Var& a, const Fq12Var& b);
  Fq12Var reduce(const Fq12Var& a);
  Fq12Var square(const Fq12Var& a) { return mul(a, a); }
  // a y, reduced: 12 Fq reductions however many coefficients y has.
  Fq12Var mul_sparse(const Fq12Var& a, const SparseFq12& y);
  // A new Fq2 element `compute` gives when building a witness, with range-checked
  // limbs; the caller constrains it.
  Fq2Var hint(const std::function<ff::Fq2()>& compute);
  void assert_equal(const Fq12Var& a, const Fq12Var& b);
  ff::Fq12 value(const Fq12Var& a) const;

  // The torus (see TorusVar). Each product is a hint g' (six Fq elements) pinned by
  // six identities of degree two: (g' - the quotient) times a nonzero denominator.
  // The class of x = a + b w with b != 0, by hint (the caller constrains it).
  TorusVar torus_witness(const ff::Fq12& x);
  // [g + w]^2 = [(g^2 + v) + 2 g w]: g' 2 g = g^2 + v, i.e. g (2 g' - g) = v. g = 0
  // (whose square is Fq6*'s class) is unsatisfiable.
  TorusVar torus_square(const TorusVar& x);
  // [g + w][h + w] = [(g h + v) + (g + h) w]: g' (g + h) = g h + v. g + h = 0 (a
  // product in Fq6*) is unsatisfiable: then g h + v = v - g^2 != 0, v is no square in
  // Fq6 (w is not in it).
  TorusVar torus_mul(const TorusVar& x, const TorusVar& y);
  // [g + w] y for y = y0 + y1 w: t = g y1 reduced, then g' (t + y0) = g y0 + v y1.
  // y must be nonzero for every witness (a line through a point of G1, whose y_P != 0,
  // a product of them, a nonzero constant): then t + y0 = 0 forces g y0 + v y1 != 0
  // (both zero would make (g + w) y = 0), so no g' passes, and otherwise one does.
  TorusVar torus_mul(const TorusVar& x, const SparseFq12& y);
  // [g + w]^-1 = [-g + w]: (g + w)(-g + w) = v - g^2 is in Fq6*. Linear.
  TorusVar torus_inverse(const TorusVar& x) const;
  // [g + w]^(q^k) = [g^(q^k) + gamma_1 w] = [g^(q^k) / gamma_1 + w], gamma_i = w^(i q^k) /
  // w^i in Fq2: each coefficient's Frobenius times a constant.
  TorusVar torus_frobenius(const TorusVar& x, int k);
  void assert_equal(const TorusVar& x, const TorusVar& y);
  // g + w, a representative of the class.
  ff::Fq12 value(const TorusVar& x) const;

 private:
  // a b in Fq2[X]/(X^N - xi) for b given by its coefficients (null: zero), unreduced:
  // one polynomial product over Fq2, then X^(N+k) = xi X^k folded in. N = 6 is Fq12
  // over w, N = 3 is Fq6 over v.
  template <std::size_t N>
  std::array<Fq2Var, N> product_mod_xi(const std::array<Fq2Var, N>& a, const std::array<const Fq2Var*, N>& b);
  // e = 0, coefficient by coefficient.
  void assert_zero(const std::array<Fq2Var, 3>& e);

  EmulatedFq& fq_;
};

}  // namespace proofagg::circuit
