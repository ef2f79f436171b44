// BN254's base field Fq inside a circuit over Fr (non-native, "plain" mode: works in
// any Groth16, no commitment). It mirrors kernels/ff's Fq.
//
// An element is a polynomial in 2^64 whose coefficients ("limbs") are linear
// combinations of wires: x = x_0 + x_1 2^64 + x_2 2^128 + ... Each limb is a signed
// integer with a tracked bound |x_i| < 2^bits_i. Bounds are what make the gadgets
// sound: every identity below is checked mod r by constraints, and holds over the
// integers because both sides stay below r/2 in absolute value (the gadgets refuse
// to build anything that could wrap). Additions and subtractions are free (limb-wise
// linear combinations, bounds grow by a bit); products are unreduced polynomials;
// reduce() brings any of them back to four 64-bit limbs.
//
// The checks, following the standard technique of non-native arithmetic in R1CS
// (xJsnark, Kosba et al., IEEE S&P 2018; circom-pairing, 0xPARC 2022; gnark's
// std/math/emulated):
// - Product C = A B of polynomials: C's coefficients are hinted and A(t) B(t) = C(t)
//   is constrained at deg C + 1 distinct points t = 0, 1, 2, ...: two polynomials of
//   degree <= deg C agreeing there are equal, so C = A B coefficient-wise mod r, and
//   by the bounds over the integers. deg C + 1 constraints instead of (deg C + 1)^2.
// - Reduction X = q p + r: r (four limbs) and q (shifted by 2^qb to be non-negative)
//   are hinted, with every limb range-checked by bits; D(y) = X(y) - Q(y) P(y) - R(y)
//   has coefficients that are linear in wires, and D(2^64) = 0 is proven with a carry
//   chain d_j + c_{j-1} = 2^64 c_j (last: d_m + c_{m-1} = 0), each carry range-checked:
//   the chain telescopes to D(2^64) = 0 over the integers.
// r is below 2^256, congruent to x but not necessarily below p; canonical() proves
// r < p as well, for values whose bits are compared or exposed.
//
// In a committed circuit (Builder::Arithmetic::kCommitted, as gnark's
// std/math/emulated does it with its commitment) both identities are deferred and
// checked once at the challenge t, instead of at deg C + 1 points and by a chain of
// carry constraints: A(t) B(t) = C(t), and D(t) = (2^64 - t) c(t) for the hinted
// carries c (D(y) = (2^64 - y) c(y) as polynomials is the carry chain, coefficient by
// coefficient). Every coefficient is committed before t exists, so a false identity
// survives with probability at most deg / r; the bounds then lift it to the integers
// as above. Range checks become lookups. Evaluations at t are shared
// (Builder::evaluate), so an element used in many products is evaluated once.
// Products are not even expanded there: A B stays the pair (A, B) (FqProduct), a
// sum of products and linear limbs is reduced by the single identity
// sum_j k_j A_j(t) B_j(t) + L(t) - q(t) p(t) - r(t) = (2^64 - t) c(t), one
// constraint per product, as gnark's emulated mulcheck defers them. Its coefficients
// as a polynomial in y are what the bounds speak of (they are tracked as if the
// products were expanded), and every A_j, B_j is committed, so the argument above
// applies unchanged; only the hints (carries, q, r) ever compute the expansion.
// Where the bounds allow, limbs are paired as in the plain carry chain: D'(z) =
// sum_k (d_2k + 2^64 d_2k+1) z^k has D'(2^128) = D(2^64), so D'(z) = (2^128 - z) c'(z)
// with half as many carries proves the same; it is checked at z = t^2 from D(t) and
// D(-t) (D's even and odd parts), which costs one more constraint per product and
// saves three carries per reduction (assert_zero_paired).
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "aggregator/circuit/builder.hpp"
#include "kernels/ff/bn254.hpp"

namespace proofagg::circuit {

// A(y) B(y) for limb polynomials A, B of wires (committed mode), with its value at
// the challenge made once however many elements share it.
struct FqProduct {
  std::vector<LC> a, b;
  std::optional<Variable> at_challenge, at_negated_challenge;  // A(t) B(t), A(-t) B(-t)
};

struct FqVar {
  std::vector<LC> limbs;   // coefficients of powers of 2^64, lowest first
  std::vector<int> bits;   // |coefficient i of the whole polynomial| < 2^bits[i]
  // Committed mode: plus sum k * A B over these (A B, k); bits covers them, and limbs
  // has as many entries as bits (empty ones where only products contribute).
  std::vector<std::pair<std::shared_ptr<FqProduct>, Fr>> products;
};

class EmulatedFq {
 public:
  static constexpr int kLimbBits = 64;
  static constexpr std::size_t kLimbs = 4;
  // Limb bounds stay below this, so no value of a limb or of a checked identity
  // reaches r/2 ~ 2^253.
  static constexpr int kMaxBits = 240;
  // Integers a reduction handles (its hints compute in 640-bit integers, with room
  // for q p and the shift): products of larger values reduce an operand first.
  static constexpr int kMaxValueBits = 540;

  explicit EmulatedFq(Builder& b) : b_(b) {}
  Builder& builder() { return b_; }

  FqVar constant(const ff::Fq& value) const;
  // New elements with range-checked 64-bit limbs (below 2^256, not necessarily < p).
  FqVar public_input(const ff::Fq& value);
  FqVar private_input(const ff::Fq& value);
  // A new element whose value `compute` gives when building a witness (it is not
  // called otherwise), with range-checked 64-bit limbs. Unconstrained beyond that:
  // the caller checks it.
  FqVar hint(const std::function<ff::Fq()>& compute);

  FqVar add(const FqVar& a, const FqVar& b) const;
  FqVar sub(const FqVar& a, const FqVar& b) const;
  FqVar neg(const FqVar& a) const;
  FqVar mul_small(const FqVar& a, std::int64_t k) const;  // |k| < 2^32

  // a b as an unreduced polynomial (2 k - 1 limbs); inputs past the bounds are
  // reduced first.
  FqVar product(const FqVar& a, const FqVar& b);
  // An element congruent to x mod p, in four 64-bit limbs.
  FqVar reduce(const FqVar& x);
  FqVar mul(const FqVar& a, const FqVar& b) { return reduce(product(a, b)); }
  FqVar square(const FqVar& a) { return mul(a, a); }

  // a = b mod p.
  void assert_equal(const FqVar& a, const FqVar& b);
  // 1 / a by hint x with a x = 1 checked: a = 0 is unsatisfiable.
  FqVar inverse(const FqVar& a);
  // a / b by hint x with b x = a checked, and b != 0 proven by inverse(b): without
  // it, 0 / 0 would admit every x (the unconstrained-quotient mistake of incomplete
  // point additions), so b = 0 is unsatisfiable whatever a is.
  FqVar div(const FqVar& a, const FqVar& b);
  // The unique representative below p, proven: x reduced, then p - 1 - r >= 0 shown
  // by 64-bit limbs t with r + t = p - 1 over the integers.
  FqVar canonical(const FqVar& x);
  // r < p for r in four range-checked 64-bit limbs (as reduce() and the inputs give).
  void assert_canonical(const FqVar& r);
  // A canonical element's low and high 128 bits (limbs 0-1 and 2-3): two values
  // below r, one encoding per element, as hashes take them.
  static std::array<LC, 2> halves(const FqVar& canonical);
  // condition ? a : b for a boolean-constrained condition (limb-wise, 4 constraints).
  FqVar select(const LC& condition, const FqVar& a, const FqVar& b);

  // The value mod p (witness mode).
  ff::Fq value(const FqVar& x) const;

 private:
  FqVar new_limbs(const ff::Fq& value, bool is_public);
  // linear - quotient p as a polynomial in 2^64 (no quotient: just linear).
  struct ZeroPolynomial {
    FqVar linear, quotient;
  };
  // Proves that polynomial is 0 at 2^64 over the integers.
  void assert_zero(const ZeroPolynomial& z);
  // Committed mode's check of D = z's polynomial (d) by its limbs paired into base
  // 2^128; false (nothing added) where pairs would exceed the bounds.
  bool assert_zero_paired(const ZeroPolynomial& z, const FqVar& d);
  // Proves sum_j d_j 2^(64 j) = 0 over the integers for |d_j| < 2^bits[j] (plain).
  void assert_zero_polynomial(const FqVar& d);
  // The carries c_j of d_j + c_{j-1} = 2^step c_j for |d_j| < 2^bits[j], whose values
  // `values` gives (witness mode), hinted and range-checked.
  std::vector<LC> carries(std::span<const int> bits, int step, const std::function<std::vector<Fr>()>& values);
  // a b as integers (limb polynomials), never reducing an operand: what the
  // reduction's own identity needs (product() may reduce operands mod p first).
  FqVar exact_product(const FqVar& a, const FqVar& b);
  // x with its products expanded into hinted coefficient wires, checked at the
  // challenge (committed mode; x itself where it has none).
  FqVar expanded(const FqVar& x);
  // y - q p, for the integer q = y / p with q hinted (y must be a multiple of p for
  // the result to be zero).
  ZeroPolynomial minus_quotient(const FqVar& y);

  Builder& b_;
};

}  // namespace proofagg::circuit
