#include "aggregator/circuit/std/commitments.hpp"

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/sha256.hpp"

namespace proofagg::circuit {

std::vector<LC> canonical_be_bits(Builder& b, const LC& x) {
  const auto bits = to_bits_below_r(b, x);
  std::vector<LC> be{LC(), LC()};  // bits 255 and 254 of the 256-bit encoding
  for (std::size_t i = bits.size(); i-- > 0;) be.emplace_back(bits[i]);
  return be;
}

std::vector<LC> pi_hash(Builder& b, std::span<const LC> public_inputs) {
  std::vector<LC> message;
  for (const LC& x : public_inputs) {
    const auto bits = canonical_be_bits(b, x);
    message.insert(message.end(), bits.begin(), bits.end());
  }
  return sha256(b, message);
}

std::vector<LC> leaf_hash(Builder& b, const LC& vk_hash, std::span<const LC> pi_hash_bits) {
  return merkle_node(b, canonical_be_bits(b, vk_hash), pi_hash_bits);
}

}  // namespace proofagg::circuit
