// The optimal ate Miller loop of BN254 inside a circuit (plain mode), mirroring
// kernels/pairing: the signed digits of 6x + 2, then the two Frobenius additions
// with psi(Q) and -psi^2(Q), for several pairs with the squarings shared.
//
// G2 points are affine in the circuit, so each step's slope s comes from the curve
// gadget's division (which proves the exceptional cases away) and its line through
// the untwisted points (D-type twist: (x, y) -> (x w^2, y w^3)), evaluated at P, is
//   l(P) = y_P - s x_P w + (s x_T - y_T) w^3,
// the line kernels/pairing computes divided by a factor in Fq2, which the final
// exponentiation removes: the loop's value f satisfies
//   final_exponentiation(f) = prod_i e(P_i, Q_i)
// (tested against kernels/pairing). Turning that into a constraint without an
// in-circuit final exponentiation (the residue witness of Novakovic-Eagen, eprint
// 2024/640) is the next piece; the G2 subgroup check too.
#pragma once

#include <span>

#include "aggregator/circuit/std/curve.hpp"

namespace proofagg::circuit {

class EmulatedPairing {
 public:
  explicit EmulatedPairing(EmulatedTower& tower) : tower_(tower), g2_(tower) {}

  // prod_i f_i(P_i) over the loop given by `digits` (signed, most significant first,
  // the leading digit 1 implicit in T = Q); with `frobenius_steps`, the optimal ate
  // loop's two closing additions. P_i on G1 and Q_i on G2 (the caller asserted both).
  Fq12Var miller_loop(std::span<const G1Var> ps, std::span<const G2Var> qs, std::span<const int> digits,
                      bool frobenius_steps);
  // The optimal ate loop: the digits of 6x + 2 with the Frobenius steps.
  Fq12Var ate_miller_loop(std::span<const G1Var> ps, std::span<const G2Var> qs);

 private:
  // The line through the step whose slope is s at the point T it started from.
  Fq12Var times_line(const Fq12Var& f, const G1Var& p, const Fq2Var& s, const G2Var& t);

  EmulatedTower& tower_;
  EmulatedG2 g2_;
};

}  // namespace proofagg::circuit
