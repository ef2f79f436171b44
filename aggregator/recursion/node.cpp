#include "aggregator/recursion/node.hpp"

#include <bit>
#include <stdexcept>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/lookup.hpp"
#include "aggregator/circuit/std/groth16.hpp"
#include "aggregator/circuit/std/sha256.hpp"
#include "aggregator/evm/precompile.hpp"
#include "aggregator/groth16/evm_calldata.hpp"

namespace proofagg::recursion {
namespace {

using circuit::Builder;
using circuit::LC;
using circuit::Variable;

Sha256Digest zero_root(std::size_t capacity) {
  const std::vector<Sha256Digest> zeros(capacity, Sha256Digest{});
  return commit::MerkleTree::build(zeros)->root();
}

// The digest's 256 bits in message order from its halves' little-endian bits.
std::vector<LC> digest_from_halves(std::span<const Variable> first, std::span<const Variable> second) {
  std::vector<LC> out;
  for (const auto half : {first, second}) {
    for (std::size_t i = 128; i-- > 0;) out.emplace_back(half[i]);
  }
  return out;
}

// Stands in for the children in kConstraints mode.
NodeChild placeholder_child() {
  return {{ec::g1_generator(), ec::g2_generator(), ec::g1_generator()}, {ec::g1_generator(), ec::g1_generator()}, {}};
}

}  // namespace

Result<AggregationStatement> node_statement(std::size_t child_capacity, std::span<const NodeChild> children) {
  if (!std::has_single_bit(child_capacity)) return make_error("a node's child capacity must be a power of two");
  if (children.empty() || children.size() > 2) return make_error("a node combines 1 or 2 children");
  for (const NodeChild& child : children) {
    if (child.statement.count == 0 || child.statement.count > child_capacity) {
      return make_error("a child of " + std::to_string(child.statement.count) + " proofs under a capacity of " +
                        std::to_string(child_capacity));
    }
  }
  const AggregationStatement& left = children[0].statement;
  if (children.size() == 1) {
    return AggregationStatement{left.root, left.count, left.slot,
                                commit::sha256_pair(left.padded_root, zero_root(child_capacity))};
  }
  const AggregationStatement& right = children[1].statement;
  if (right.slot != left.slot) {
    return make_error("children of slots " + std::to_string(left.slot) + " and " + std::to_string(right.slot));
  }
  if (left.count != child_capacity) return make_error("a right child after a partial left one");
  const Sha256Digest padded = commit::sha256_pair(left.padded_root, right.padded_root);
  return AggregationStatement{padded, left.count + right.count, left.slot, padded};
}

void describe_node(Builder& b, const groth16::VerifyingKey& child_key, std::size_t child_capacity,
                   std::span<const NodeChild> children, const AggregationStatement& claimed) {
  if (!child_key.commitment || child_key.public_inputs() != kAggregationSignals + 1) {
    throw std::invalid_argument("a node verifies proofs of an aggregation circuit's key");
  }
  if (!std::has_single_bit(child_capacity)) throw std::invalid_argument("a node's child capacity must be a power of two");
  const NodeChild placeholder = placeholder_child();
  AggregationStatement statement;
  if (b.has_values()) {
    if (children.empty() || children.size() > 2) throw std::invalid_argument("a node combines 1 or 2 children");
    statement = claimed;
  } else {
    children = std::span(&placeholder, 1);
  }
  b.set_lookup_chunk_bits(circuit::RangeLookup::kMaxChunkBits);
  const StatementVars vars = declare_statement(b, statement);

  circuit::EmulatedFq fq(b);
  circuit::EmulatedTower tower(fq);
  circuit::Groth16FixedKeyVerifier verifier(tower, child_key);
  // Each child's signals as bits, its proof verified for them.
  std::vector<std::vector<std::vector<Variable>>> signals(2);
  std::vector<circuit::Groth16ProofVar> proofs;
  for (std::size_t c = 0; c < 2; ++c) {
    const NodeChild& child = c < children.size() ? children[c] : children[0];  // an unused right child repeats the left
    const auto values = child.statement.public_signals();
    for (std::size_t i = 0; i < kAggregationSignals; ++i) {
      signals[c].push_back(circuit::to_bits(b, b.private_input(values[i]), kStatementSignalBits[i]));
    }
    proofs.push_back(verifier.private_proof(child.proof, child.commitment));
  }
  verifier.assert_batch_verifies(proofs, signals);
  const auto value_of = [&](std::size_t c, std::size_t signal) { return circuit::from_bits(signals[c][signal]); };
  const Variable used = b.private_input(ff::Fr::from_u64(children.size() == 2 ? 1 : 0));
  circuit::assert_boolean(b, used);

  circuit::assert_equal(b, value_of(0, 3), vars.slot);
  circuit::assert_equal(b, value_of(1, 3), vars.slot);
  const LC right_count = circuit::mul(b, used, value_of(1, 2), "node right count");
  circuit::assert_equal(b, value_of(0, 2) + right_count, vars.count);
  b.constrain(used, value_of(0, 2) - LC::constant(child_capacity), LC(), "node right child after a partial left one");

  const std::vector<LC> left_padded = digest_from_halves(signals[0][4], signals[0][5]);
  const std::vector<LC> right_padded = digest_from_halves(signals[1][4], signals[1][5]);
  const Sha256Digest zeros = zero_root(child_capacity);
  const std::vector<LC> zero_bits = circuit::constant_bits(zeros);
  std::vector<LC> right(256);
  for (std::size_t i = 0; i < 256; ++i) right[i] = circuit::select(b, used, right_padded[i], zero_bits[i]);
  const std::vector<LC> padded = circuit::merkle_node(b, left_padded, right);
  const std::vector<LC> left_root = digest_from_halves(signals[0][0], signals[0][1]);
  std::vector<LC> root(256);
  for (std::size_t i = 0; i < 256; ++i) root[i] = circuit::select(b, used, padded[i], left_root[i]);
  assert_digest_is(b, root, vars.root);
  assert_digest_is(b, padded, vars.padded_root);
  b.finalize();
}

std::vector<std::uint8_t> encode_node_child(const NodeChild& child) {
  std::vector<std::uint8_t> out;
  out.reserve(kNodeChildBytes);
  const auto append = [&](std::span<const std::uint8_t> bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); };
  const auto append_u64 = [&](std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
  };
  append(groth16::evm_calldata::encode_proof(child.proof));
  append(evm::encode_g1(child.commitment.d));
  append(evm::encode_g1(child.commitment.knowledge));
  append(child.statement.root);
  append_u64(child.statement.count);
  append_u64(child.statement.slot);
  append(child.statement.padded_root);
  return out;
}

Result<NodeChild> decode_node_child(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kNodeChildBytes) {
    return make_error("an aggregation proof is " + std::to_string(kNodeChildBytes) + " bytes, not " +
                      std::to_string(bytes.size()));
  }
  NodeChild child;
  auto proof = groth16::evm_calldata::decode_proof(bytes.first(256));
  if (!proof) return proof.failure().prefixed("aggregation proof: ");
  child.proof = *proof;
  std::size_t at = 256;
  for (ec::G1Affine* point : {&child.commitment.d, &child.commitment.knowledge}) {
    auto p = evm::decode_g1(bytes.subspan(at).first<evm::kG1Bytes>());
    if (!p) return p.failure().prefixed("aggregation proof commitment: ");
    *point = *p;
    at += evm::kG1Bytes;
  }
  const auto take_u64 = [&] {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | bytes[at++];
    return v;
  };
  std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(at), 32, child.statement.root.begin());
  at += 32;
  child.statement.count = take_u64();
  child.statement.slot = take_u64();
  std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(at), 32, child.statement.padded_root.begin());
  if (child.statement.count == 0) return make_error("an aggregation proof of no proofs");
  return child;
}

}  // namespace proofagg::recursion
