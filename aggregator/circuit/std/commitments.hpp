// The slot commitment's leaf in a circuit, as aggregator/commit computes it:
// pi_hash = SHA-256 over the public signals as 32-byte big-endian words, and
// leaf = SHA-256(vk_hash ‖ pi_hash). Field elements are hashed through their
// canonical encoding: bits proven below r, so no prover can hash x + r instead
// of x (254 bits could hold both).
#pragma once

#include <span>
#include <vector>

#include "aggregator/circuit/builder.hpp"

namespace proofagg::circuit {

// The 256 bits of x's 32-byte big-endian encoding: two leading zeros, then the
// canonical bits of to_bits_below_r.
std::vector<LC> canonical_be_bits(Builder& b, const LC& x);

// The 256 bits of the 32-byte big-endian encoding of the value whose canonical
// little-endian bits (to_bits_below_r) these are.
std::vector<LC> be_encoding(std::span<const Variable> canonical_bits);

// SHA-256 over the signals' 32-byte big-endian encodings (commit::pi_hash).
std::vector<LC> pi_hash(Builder& b, std::span<const LC> public_inputs);
// pi_hash of the first n signals, given by their canonical bits, for n selected by
// the one-hot selectors [n = m], m = 0 .. signals (sha256_of_prefix; the caller
// constrains the selectors and proves the signals past n zero).
std::vector<LC> pi_hash_of_prefix(Builder& b, std::span<const std::vector<Variable>> canonical_bits,
                                  std::span<const LC> count_selectors);
// SHA-256(vk_hash ‖ pi_hash) (commit::leaf_hash), from vk_hash as an Fr element.
std::vector<LC> leaf_hash(Builder& b, const LC& vk_hash, std::span<const LC> pi_hash_bits);

}  // namespace proofagg::circuit
