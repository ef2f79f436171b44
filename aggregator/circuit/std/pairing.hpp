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
// (tested against kernels/pairing). assert_product_is_one turns that into a
// constraint without an in-circuit final exponentiation.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "aggregator/circuit/std/curve.hpp"

namespace proofagg::circuit {

// What the circuit computes, natively (the hint needs the loop's exact value).
namespace native {

// The Miller loop with the circuit's affine lines (see above), the squarings shared.
ff::Fq12 affine_miller_loop(std::span<const ec::G1Affine> ps, std::span<const ec::G2Affine> qs,
                            std::span<const int> digits, bool frobenius_steps);
// The signed digits of 6x + 2 below the leading 1, most significant first.
const std::vector<int>& ate_digits();
// A fixed primitive 27th root of unity w of Fq12 (the 3-part of Fq12* is cyclic of
// order 27).
const ff::Fq12& root_of_unity_27();
// base^e for an exponent of any length (least significant word first).
ff::Fq12 pow(const ff::Fq12& base, std::span<const std::uint64_t> e);

// c and the power k of w with f w^k = c^lambda, lambda = 6x + 2 + q - q^2 + q^3,
// when f^((q^12 - 1)/r) = 1; nullopt otherwise (no such c exists then).
struct ResidueWitness {
  ff::Fq12 c;
  int w_power;  // 0, 1 or 2
};
std::optional<ResidueWitness> residue_witness(const ff::Fq12& f);
// c, or, when c lies in Fq6* (whose class EmulatedTower's torus cannot represent),
// c z for a fixed z whose class modulo Fq6* has order r: a residue witness for the
// torus check all the same, since r | lambda makes (c z)^lambda and c^lambda differ
// by a factor in Fq6*.
ff::Fq12 torus_representable(const ff::Fq12& c);

}  // namespace native

// A G2 point fixed when the circuit is built (a verifying key's beta, gamma,
// delta): its points T along the loop and so every line's slope s and constant
// term s x_T - y_T are computed natively, once, and enter the circuit as constants;
// only the evaluation at the variable P remains.
struct FixedG2Lines {
  struct Line {
    ff::Fq2 slope, constant;  // l(P) = y_P - slope x_P w + constant w^3
  };
  ec::G2Affine point;
  std::vector<Line> lines;  // in the order the loop multiplies them in

  // Not the point at infinity (throws std::logic_error).
  static FixedG2Lines prepare(const ec::G2Affine& q, std::span<const int> digits, bool frobenius_steps);
  // The optimal ate loop's lines.
  static FixedG2Lines prepare_ate(const ec::G2Affine& q);
};

// Pairs whose G2 point is a circuit variable, pairs whose G2 point is fixed, and
// pairs fixed entirely (a key's e(alpha, beta)): their loop value is a constant
// factor, free in the circuit.
struct PairingInputs {
  std::span<const G1Var> p_variable;
  std::span<const G2Var> q_variable;
  std::span<const G1Var> p_fixed;
  std::span<const FixedG2Lines> q_fixed;
  std::span<const ec::G1Affine> p_constant = {};
  std::span<const ec::G2Affine> q_constant = {};
};

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

  // prod_i e(P_i, Q_i) = 1, without a final exponentiation (Theorem 3 of eprint
  // 2024/640, computed in the torus Fq12*/Fq6* as El Housni's ACNS 2023 paper does):
  // the prover gives the class [c] of a c with f u = c^lambda, where f is the Miller
  // loop's value, u a 27th root of unity and lambda = 6x + 2 + q - q^2 + q^3 = 3 m r.
  // Constrained:
  //   [loop(c^-1 embedded)] [c^-q] [c^(q^2)] = [c^(-q^3)]^-1,
  // where c^-(6x+2) rides along the loop's squarings (c^-1 or c at each signed digit),
  // the powers of q are Frobenius maps with constant coefficients, and every line
  // multiplies the loop's class directly (EmulatedTower::torus_mul). So f c^-lambda
  // lies in Fq6*, and f^h = 1 for h = (q^12 - 1)/r: (q^6 - 1) | h kills the Fq6*
  // factor, and c^(lambda h) = c^(3 m (q^12 - 1)) = 1. Whatever is in Fq6* drops out
  // for free: u (27 | q^6 - 1), the Fq2 factors by which f differs from the textbook
  // loop. No all-zero witness exists ([c] is g + w, never zero), and each line is
  // nonzero (its w^0 coefficient is y_P, nonzero on G1: BN254's G1 has odd order), as
  // torus_mul needs. When the product is not 1 no c exists and the system is
  // unsatisfiable. Completeness needs each class on the way to differ from Fq6*
  // itself, which the torus cannot represent: c is moved out of Fq6* when it lies in it
  // (native::torus_representable); the rest happens with probability about q^-6.
  //
  // The variable G2 points must be on the twist (G2Var inputs are) and are proven in
  // G2 by the loop itself (gnark folds the check in the same way): the loop's point
  // ends at T = [6x+2]Q + psi(Q) - psi^2(Q), and T = -psi^3(Q) is asserted. On G2,
  // psi = [p] and 6x+2 + p - p^2 + p^3 = 0 mod r; the twist group (order r h',
  // h' = 2p - r squarefree and prime to r) is cyclic, so psi is a scalar there and
  // phi = [6x+2] + psi - psi^2 + psi^3 vanishes on no point of the cofactor part
  // (checked natively: G2MembershipInTheLoop.PhiVanishesExactlyOnG2). One point
  // equation per variable pair instead of a 0.1-0.7M constraint subgroup check.
  void assert_product_is_one(std::span<const G1Var> ps, std::span<const G2Var> qs);
  // The same with some G2 points fixed (their lines constants: about a third of a
  // variable pair's cost per step). The fixed lines must be the ate loop's.
  void assert_product_is_one(const PairingInputs& inputs);
  // The loop over both kinds of pairs (tests compare it with the native loop).
  Fq12Var miller_loop(const PairingInputs& inputs, std::span<const int> digits, bool frobenius_steps);

 private:
  // The loop, multiplying each step's lines into f (an Fq12 value or a class modulo
  // Fq6*, see pairing.cpp); the variable pairs' final points go to `final_points`
  // when given.
  template <class Accumulator>
  void loop(const PairingInputs& inputs, std::span<const int> digits, bool frobenius_steps, Accumulator& f,
            std::vector<G2Var>* final_points = nullptr);
  // The line through the step whose slope is s at the point T it started from.
  SparseFq12 line(const G1Var& p, const Fq2Var& s, const G2Var& t);
  // Two fixed pairs (a, b), whose lines at a step are multiplied together before they
  // meet f: l_a l_b = y_a y_b + xi c_a c_b - (s_b y_a x_b + s_a x_a y_b) w
  // + s_a s_b x_a x_b w^2 + (c_b y_a + c_a y_b) w^3 - (s_a c_b x_a + c_a s_b x_b) w^4 for
  // l = y - s x w + c w^3, linear in the coordinates and four products of them, which
  // are reduced once for the whole loop. A step then costs f one product for both
  // lines, and the lines' product eight Fq reductions instead of their four.
  struct FixedLinePair {
    const G1Var* p[2];
    const FixedG2Lines* q[2];
    FqVar xx, xy, yx, yy;  // x_a x_b, x_a y_b, y_a x_b, y_a y_b
  };
  FixedLinePair fixed_line_pair(const G1Var& pa, const FixedG2Lines& qa, const G1Var& pb, const FixedG2Lines& qb);
  SparseFq12 fixed_lines(const FixedLinePair& pair, std::size_t line);
  SparseFq12 fixed_line(const G1Var& p, const FixedG2Lines& q, std::size_t line);

  EmulatedTower& tower_;
  EmulatedG2 g2_;
};

}  // namespace proofagg::circuit
