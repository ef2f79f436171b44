#include "aggregator/circuit/std/commitments.hpp"

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/sha256.hpp"

namespace proofagg::circuit {

std::vector<LC> canonical_be_bits(Builder& b, const LC& x) {
  constexpr std::size_t kBits = 254;
  const std::vector<LC> in{x};
  const auto bits = b.hint(kBits, in, [](std::span<const Fr> v) {
    const ff::Limbs limbs = v[0].to_canonical();
    std::vector<Fr> out(kBits);
    for (std::size_t i = 0; i < kBits; ++i) out[i] = Fr::from_u64((limbs.v[i / 64] >> (i % 64)) & 1);
    return out;
  });
  for (const Variable bit : bits) assert_boolean(b, bit);
  b.constrain(from_bits(bits), LC::constant(1), x, "canonical bits: recomposition");
  assert_below_r(b, bits);
  std::vector<LC> be{LC(), LC()};  // bits 255 and 254 of the 256-bit encoding
  for (std::size_t i = kBits; i-- > 0;) be.emplace_back(bits[i]);
  return be;
}

void assert_below_r(Builder& b, std::span<const Variable> bits) {
  // From the top: `equal` says the prefix so far equals r - 1's.
  ff::Limbs bound = ff::FrParams::modulus();
  bound.v[0] -= 1;  // r is odd
  LC equal = LC::constant(1);
  for (std::size_t i = bits.size(); i-- > 0;) {
    if ((bound.v[i / 64] >> (i % 64)) & 1) {
      equal = LC(mul(b, equal, bits[i]));  // stays equal only with a 1 here
    } else {
      b.constrain(equal, bits[i], LC(), "canonical bits: below r");  // a 1 here would exceed r - 1
    }
  }
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
