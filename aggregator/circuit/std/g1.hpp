// BN254's G1 (y^2 = x^3 + 3 over Fq) inside a circuit, over the non-native Fq of
// fq.hpp, mirroring kernels/ec's affine formulas.
//
// Points are affine and never the point at infinity: an on-curve check refuses
// EVM's (0, 0) encoding of it (0 != 3). Additions are the incomplete affine chord
// and tangent formulas, made sound by their divisions: lambda = (y2 - y1)/(x2 - x1)
// proves x1 != x2 (EmulatedFq::div proves a nonzero denominator), so P = +-Q cannot
// slip an unconstrained slope through (the mistake behind gnark's advisory on zero
// inputs); doubling's 2y != 0 holds on G1 (no 2-torsion, the group has prime order)
// and is proven the same way. An exceptional case therefore makes the system
// unsatisfiable, never unsound.
#pragma once

#include <span>
#include <vector>

#include "aggregator/circuit/std/fq.hpp"
#include "kernels/ec/bn254.hpp"

namespace proofagg::circuit {

struct G1Var {
  FqVar x, y;
};

class EmulatedG1 {
 public:
  explicit EmulatedG1(EmulatedFq& fq) : fq_(fq) {}

  // Not the point at infinity (a programming error: throws std::logic_error).
  G1Var constant(const ec::G1Affine& p) const;
  // Range-checked coordinates, asserted on the curve.
  G1Var private_input(const ec::G1Affine& p);

  void assert_on_curve(const G1Var& p);
  void assert_equal(const G1Var& p, const G1Var& q);
  G1Var neg(const G1Var& p) const;
  // p + q for p != +-q (proven); chord: lambda = (yq - yp)/(xq - xp),
  // x = lambda^2 - xp - xq, y = lambda (xp - x) - yp.
  G1Var add(const G1Var& p, const G1Var& q);
  // 2p; tangent: lambda = 3 xp^2 / (2 yp).
  G1Var dbl(const G1Var& p);
  G1Var select(const LC& condition, const G1Var& p, const G1Var& q);

  // base + sum_i [k_i] p_i, each k_i given by little-endian bits (boolean-
  // constrained by the caller; 254 bits may alias k and k + r, which is harmless on a
  // group of order r). Straus's joint double-and-add from an offset point T whose
  // discrete log to the p_i nobody knows (hashed to the curve from a fixed string):
  // acc = T, per bit level from the top acc = 2 acc, then acc += p_i where bit i is
  // set; finally acc + base - [2^n] T. Collisions of acc with +-p_i would need that
  // discrete log; like a result at infinity (no base and every k_i = 0, or a sum that
  // cancels), they make the system unsatisfiable, never unsound.
  G1Var multi_scalar_mul(std::span<const G1Var> points, std::span<const std::vector<Variable>> scalars,
                         const G1Var* base = nullptr);

  ec::G1Affine value(const G1Var& p) const;

  // The offset point T (exposed for tests).
  static const ec::G1Affine& offset_point();

 private:
  EmulatedFq& fq_;
};

}  // namespace proofagg::circuit
