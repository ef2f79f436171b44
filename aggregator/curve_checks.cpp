#include "aggregator/curve_checks.hpp"

namespace proofagg {

Result<ec::G1Affine> checked_g1(const ff::Fq& x, const ff::Fq& y) {
  const ec::G1Affine p{x, y};
  if (!p.is_on_curve()) return make_error("G1 point is not on the curve y^2 = x^3 + 3");
  return p;
}

Result<ec::G2Affine> checked_g2(const ff::Fq2& x, const ff::Fq2& y) {
  const ec::G2Affine q{x, y};
  if (!q.is_on_curve()) return make_error("G2 point is not on the twist curve y^2 = x^3 + 3/(9+u)");
  if (!ec::g2_in_subgroup(q)) return make_error("G2 point is not in the prime-order subgroup");
  return q;
}

}  // namespace proofagg
