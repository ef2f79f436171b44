#include "aggregator/formats/lem_points.hpp"

#include <string>

#include "aggregator/curve_checks.hpp"
#include "aggregator/formats/binfile.hpp"

namespace proofagg::formats {
namespace {

Result<ff::Fq> coordinate(std::span<const std::uint8_t> b, std::size_t word) {
  const ff::Limbs raw = limbs_from_le_bytes(b.subspan(32 * word).first<32>());
  if (!ff::limbs_less(raw, ff::FqParams::modulus())) {
    return make_error("coordinate " + std::to_string(word) + " is not less than the field modulus");
  }
  return ff::Fq::from_raw(raw);  // Montgomery form, as ours
}

}  // namespace

Result<ec::G1Affine> decode_lem_g1(std::span<const std::uint8_t> b) {
  const auto x = coordinate(b, 0);
  if (!x) return x.failure();
  const auto y = coordinate(b, 1);
  if (!y) return y.failure();
  return checked_g1(*x, *y);
}

Result<ec::G2Affine> decode_lem_g2_on_curve(std::span<const std::uint8_t> b) {
  ff::Fq c[4];
  for (std::size_t i = 0; i < 4; ++i) {
    const auto v = coordinate(b, i);
    if (!v) return v.failure();
    c[i] = *v;
  }
  const ec::G2Affine q{ff::Fq2{c[0], c[1]}, ff::Fq2{c[2], c[3]}};
  if (!q.is_on_curve()) return make_error("G2 point is not on the twist curve y^2 = x^3 + 3/(9+u)");
  return q;
}

// Infinity is (0, 0) here and all zeros there: the same bytes.
void write_lem_g1(Writer& w, const ec::G1Affine& p) {
  w.limbs(p.x.l);
  w.limbs(p.y.l);
}

void write_lem_g2(Writer& w, const ec::G2Affine& q) {
  for (const ff::Fq* c : {&q.x.c0, &q.x.c1, &q.y.c0, &q.y.c1}) w.limbs(c->l);
}

}  // namespace proofagg::formats
