#include "aggregator/circuit/std/commitments.hpp"

#include <stdexcept>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/sha256.hpp"

namespace proofagg::circuit {

std::vector<LC> be_encoding(std::span<const Variable> canonical_bits) {
  std::vector<LC> be{LC(), LC()};  // bits 255 and 254 of the 256-bit encoding
  for (std::size_t i = canonical_bits.size(); i-- > 0;) be.emplace_back(canonical_bits[i]);
  return be;
}

std::vector<LC> canonical_be_bits(Builder& b, const LC& x) { return be_encoding(to_bits_below_r(b, x)); }

std::vector<LC> pi_hash(Builder& b, std::span<const LC> public_inputs) {
  std::vector<LC> message;
  for (const LC& x : public_inputs) {
    const auto bits = canonical_be_bits(b, x);
    message.insert(message.end(), bits.begin(), bits.end());
  }
  return sha256(b, message);
}

std::vector<LC> pi_hash_of_prefix(Builder& b, std::span<const std::vector<Variable>> canonical_bits,
                                  std::span<const LC> count_selectors) {
  if (count_selectors.size() != canonical_bits.size() + 1) throw std::logic_error("pi_hash_of_prefix: one selector per count");
  std::vector<LC> message;
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= canonical_bits.size(); ++n) {
    lengths.push_back(32 * n);
    if (n == canonical_bits.size()) break;
    const auto bits = be_encoding(canonical_bits[n]);
    message.insert(message.end(), bits.begin(), bits.end());
  }
  return sha256_of_prefix(b, message, lengths, count_selectors);
}

std::vector<LC> leaf_hash(Builder& b, const LC& vk_hash, std::span<const LC> pi_hash_bits) {
  return merkle_node(b, canonical_be_bits(b, vk_hash), pi_hash_bits);
}

}  // namespace proofagg::circuit
