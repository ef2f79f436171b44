#include "kernels/pairing/multi_pairing.hpp"

#include <cassert>

namespace proofagg::pairing {

G2Prepared prepare(const G2Affine& q) {
  G2Prepared out;
  prepare_g2(q, out);
  return out;
}

Fq12 multi_miller_loop(std::span<const G1Affine> p, std::span<const G2Prepared> q) {
  assert(p.size() == q.size());
  return miller_loop(p.data(), q.data(), static_cast<int>(p.size()));
}

Fq12 pairing(const G1Affine& p, const G2Affine& q) {
  return multi_pairing(std::span(&p, 1), std::span(&q, 1));
}

Fq12 multi_pairing(std::span<const G1Affine> p, std::span<const G2Affine> q) {
  assert(p.size() == q.size());
  std::vector<G2Prepared> prepared(q.size());
  for (std::size_t i = 0; i < q.size(); ++i) prepare_g2(q[i], prepared[i]);
  return final_exponentiation(multi_miller_loop(p, prepared));
}

bool pairing_product_is_one(std::span<const G1Affine> p, std::span<const G2Affine> q) {
  return multi_pairing(p, q).is_one();
}

}  // namespace proofagg::pairing
