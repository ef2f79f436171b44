// BN254's G1 (y^2 = x^3 + 3 over Fq) and G2 (y^2 = x^3 + 3/(9 + u) over Fq2) inside
// a circuit, over the non-native fields of fq.hpp and tower.hpp, mirroring
// kernels/ec's affine formulas: one template, two coordinate fields.
//
// Points are affine and never the point at infinity: an on-curve check refuses
// EVM's (0, 0) encoding of it (0 != b). Additions are the incomplete affine chord
// and tangent formulas, made sound by their divisions: lambda = (y2 - y1)/(x2 - x1)
// proves x1 != x2 (div proves a nonzero denominator), so P = +-Q cannot slip an
// unconstrained slope through (the mistake behind gnark's advisory on zero
// inputs). Doubling's lambda 2y = 3x^2 pins lambda down without a proof of 2y != 0:
// every point here is on the curve (inputs are asserted so, constants are, and the
// formulas keep it), and y = 0 on the curve means a point of order 2, which neither
// group has (|E(Fq)| = r and |E'(Fq2)| = r (2p - r) are odd). An exceptional case
// therefore makes the system unsatisfiable, never unsound.
#pragma once

#include <span>
#include <vector>

#include "aggregator/circuit/std/fq.hpp"
#include "aggregator/circuit/std/tower.hpp"
#include "kernels/ec/bn254.hpp"

namespace proofagg::circuit {

// The coordinate fields as the curve code uses them.
struct G1Field {
  using Var = FqVar;
  using Native = ff::Fq;
  using Affine = ec::G1Affine;
  using Ops = EmulatedFq;
  static Native curve_b() { return ec::G1Curve::b(); }
};
struct G2Field {
  using Var = Fq2Var;
  using Native = ff::Fq2;
  using Affine = ec::G2Affine;
  using Ops = EmulatedTower;
  static Native curve_b() { return ec::G2Curve::b(); }
};

template <class Field>
struct PointVar {
  typename Field::Var x, y;
};
using G1Var = PointVar<G1Field>;
using G2Var = PointVar<G2Field>;

template <class Field>
class EmulatedCurve {
 public:
  using Var = typename Field::Var;
  using Point = PointVar<Field>;
  using Affine = typename Field::Affine;

  explicit EmulatedCurve(typename Field::Ops& field) : f_(field) {}

  // Not the point at infinity (a programming error: throws std::logic_error).
  Point constant(const Affine& p) const;
  // Range-checked coordinates, asserted on the curve.
  Point private_input(const Affine& p);
  // The same with coordinates proven below p: one encoding per point, as the EVM's
  // precompiles accept (a coordinate x + p < 2^256 is refused).
  Point canonical_private_input(const Affine& p);

  void assert_on_curve(const Point& p);
  void assert_equal(const Point& p, const Point& q);
  Point neg(const Point& p) const;
  // p + q for p != +-q (proven); chord: lambda = (yq - yp)/(xq - xp),
  // x = lambda^2 - xp - xq, y = lambda (xp - x) - yp. `slope`, when given, receives
  // lambda (the Miller loop's lines reuse it).
  Point add(const Point& p, const Point& q, Var* slope = nullptr);
  // 2p for p on the curve; tangent: lambda = 3 xp^2 / (2 yp).
  Point dbl(const Point& p, Var* slope = nullptr);
  Point select(const LC& condition, const Point& p, const Point& q);

  Affine value(const Point& p) const;

 protected:
  typename Field::Ops& f_;
};

class EmulatedG1 : public EmulatedCurve<G1Field> {
 public:
  using EmulatedCurve::EmulatedCurve;

  // base + sum_i [k_i] p_i, each k_i given by little-endian bits (boolean-
  // constrained by the caller; 254 bits may alias k and k + r, which is harmless on a
  // group of order r). Straus's joint double-and-add over windows of kMsmWindow bits
  // from an offset point T whose discrete log to the p_i nobody knows (hashed to the
  // curve from a fixed string): acc = T; per window from the top, acc doubled once per
  // bit, then acc += [d_i] p_i where p_i's digit d_i is not zero, [d_i] p_i chosen
  // from p_i's multiples by selections on d_i's bits (each a proper function of them);
  // finally acc + base - [2^n] T. Collisions of acc with +-[d] p_i would need that
  // discrete log; like a result at infinity (no base and every k_i = 0, or a sum that
  // cancels), they make the system unsatisfiable, never unsound. A window of 3 bits
  // costs one addition and 7 + 1 selections per point instead of three additions and
  // selections, after 6 operations per point for its multiples.
  static constexpr std::size_t kMsmWindow = 3;
  G1Var multi_scalar_mul(std::span<const G1Var> points, std::span<const std::vector<Variable>> scalars,
                         const G1Var* base = nullptr);

  // base + sum_i [k_i] P_i for points fixed when the circuit is built (a key's IC):
  // no doubling, and per window of 6 bits (8 in a plain circuit) one addition of a
  // constant the window's bits select (select_constant). Same offset technique and
  // guarantees as above, with a second hashed point offsetting each window.
  G1Var fixed_base_msm(std::span<const ec::G1Affine> points, std::span<const std::vector<Variable>> scalars,
                       const G1Var& base);

  // The offset points T and U (exposed for tests).
  static const ec::G1Affine& offset_point();
  static const ec::G1Affine& window_offset_point();

  // table[k] for k = sum_i bits[i] 2^i (boolean-constrained bits; 2^|bits| points,
  // none at infinity): each coordinate limb is the multilinear polynomial in the bits
  // through the table's limbs, so its value is exactly the chosen limb (64 bits);
  // 2^|bits| - |bits| - 1 constraints for the bits' products, shared by every limb.
  G1Var select_constant(std::span<const Variable> bits, std::span<const ec::G1Affine> table);
};

class EmulatedG2 : public EmulatedCurve<G2Field> {
 public:
  using EmulatedCurve::EmulatedCurve;

  // The untwist-Frobenius-twist endomorphism psi(x, y) = (conj(x) gamma_x,
  // conj(y) gamma_y) with kernels' constants (linear: no product constraints).
  G2Var psi(const G2Var& q);
  // [x] q for BN254's parameter x, by its NAF (63 digits).
  G2Var mul_by_x(const G2Var& q);
  // q in G2, the order-r subgroup of the twist, for q on the twist (assert that
  // first): [x+1]q + psi([x]q) + psi^2([x]q) = psi^3([2x]q) (El Housni, Guillevic
  // and Piellard, ePrint 2022/352, section 5.1, as kernels' g2_in_subgroup). Every
  // step is a proper function of q, so a satisfied system means the equation holds
  // and q is in G2; points outside make it unsatisfiable.
  void assert_in_subgroup(const G2Var& q);
};

}  // namespace proofagg::circuit
