// SHA-256 (FIPS 180-4) in a circuit over Fr, plain mode: the hash of the slot
// commitment (aggregator/commit), which the aggregation circuits must reproduce.
//
// Words are 32 boolean-constrained bits (constants are constant bits and cost
// nothing). Rotations and shifts are renumberings. The nonlinear parts cost:
// - a 3-way XOR (the Sigma and sigma functions): with s = a + b + c = 2 m + x, the
//   bits m (the majority) and x (the XOR) are hinted, both boolean-constrained, and
//   s - 2 m - x = 0 folded into x's definition: 2 constraints, unique since only
//   one (m, x) in {0,1}^2 has 2 m + x = s for s in {0, 1, 2, 3};
// - Ch(e, f, g) = g + e (f - g): 1 constraint per bit;
// - Maj(a, b, c): the m of the same decomposition, 2 constraints per bit;
// - additions mod 2^32: the sum of the packed words is decomposed into bits
//   (32 + the carry bits) once per sum, the carries discarded.
// Each output bit is therefore a function of the inputs fixed by its constraints.
#pragma once

#include <array>
#include <span>
#include <vector>

#include "aggregator/circuit/builder.hpp"

namespace proofagg::circuit {

// A 32-bit word: bits[i] has weight 2^i.
struct Word32 {
  std::array<LC, 32> bits;
};

// The XOR and the majority of three boolean LCs (one constraint, none when one of
// them is a constant; see above); both are bits.
struct XorAndMajority {
  LC xor_bit;
  LC majority;
};
XorAndMajority xor_and_majority(Builder& b, const LC& x, const LC& y, const LC& z);

// One application of the compression function: the next chaining value.
std::array<Word32, 8> sha256_compress(Builder& b, const std::array<Word32, 8>& state,
                                      const std::array<Word32, 16>& block);

// SHA-256 of a message of whole bytes given as bits in message order (each byte
// most significant bit first); the caller has constrained them to be boolean.
// The padding is constant (the length is fixed when the circuit is built). Returns
// the 256 digest bits in the same order.
std::vector<LC> sha256(Builder& b, std::span<const LC> message_bits);

// SHA-256 of a message of variable length: of the first lengths[i] bytes of
// message_bits (bits as above) for the one i whose selector is 1. The caller
// constrains the selectors to be boolean with exactly one set, and the message's
// bits past the selected length to be zero. Then every block is the selected
// message's FIPS 180-4 padded block (its padding bits are the selectors' linear
// combination of each length's constant padding, nonzero only where the message is
// zero), and the digest is the chaining value after that length's last block:
// blocks past it are compressed too (the circuit's shape is fixed) and ignored.
// Each distinct block count after the first costs 256 selections.
std::vector<LC> sha256_of_prefix(Builder& b, std::span<const LC> message_bits, std::span<const std::size_t> lengths,
                                 std::span<const LC> selectors);

// The bits of bytes, each byte most significant bit first (constants).
std::vector<LC> constant_bits(std::span<const std::uint8_t> bytes);

// The slot commitment's Merkle tree (aggregator/commit's MerkleTree) in a circuit:
// digests are 256 bits in message order.
//
// A node: SHA-256(left ‖ right).
std::vector<LC> merkle_node(Builder& b, std::span<const LC> left, std::span<const LC> right);
// The root over `leaves`, padded with all-zero leaves to the next power of two (as
// the native tree); one leaf is its own root. At least one leaf.
std::vector<LC> merkle_root(Builder& b, std::span<const std::vector<LC>> leaves);
// The root reached from `leaf` by `siblings` (leaf level first); bit k of the index
// (boolean-constrained by the caller) says whether the level-k node is a right child.
// Each level costs 256 selections and one node.
std::vector<LC> merkle_root_from_path(Builder& b, std::span<const LC> leaf, std::span<const std::vector<LC>> siblings,
                                      std::span<const Variable> index_bits);

}  // namespace proofagg::circuit
