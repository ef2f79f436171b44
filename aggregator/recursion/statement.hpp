// What every aggregation proof (a leaf's or a node's) states, and its public
// signals in order:
//   root[0..16), root[16..32), count, slot, padded_root[0..16), padded_root[16..32)
// (digest halves as big-endian 128-bit integers, as SlotStatement's).
// - root: the slot commitment's Merkle root over the proof's `count` leaves, padded
//   with all-zero leaves to the next power of two (SlotCommitment's tree), so the
//   top proof's first four signals are exactly the slot's statement;
// - padded_root: the root over the same leaves padded to the circuit's capacity (a
//   power of two), which is the subtree a parent node combines with its sibling's.
// The two agree for a full proof (count = capacity).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "aggregator/circuit/builder.hpp"
#include "aggregator/recursion/slot_commitment.hpp"

namespace proofagg::recursion {

inline constexpr std::size_t kAggregationSignals = 6;
// The signals' widths where a circuit verifies an aggregation proof and takes them as
// bits: digest halves 128, count 32 (a slot holds far fewer proofs), slot 64.
inline constexpr std::size_t kStatementSignalBits[kAggregationSignals] = {128, 128, 32, 64, 128, 128};

struct AggregationStatement {
  Sha256Digest root{};
  std::uint64_t count = 0;
  std::uint64_t slot = 0;
  Sha256Digest padded_root{};

  std::vector<ff::Fr> public_signals() const;
  // The slot's statement, when this proof covers the whole slot.
  SlotStatement slot_statement() const { return {root, count, slot}; }
  friend bool operator==(const AggregationStatement&, const AggregationStatement&) = default;
};

// The statement of `leaves` in a subtree of `capacity` leaves (a power of two, at
// least leaves.size() >= 1).
AggregationStatement statement_of(std::span<const Sha256Digest> leaves, std::size_t capacity, std::uint64_t slot);

// The statement's public inputs of a circuit, declared first (with the statement's
// values in witness mode).
struct StatementVars {
  std::array<circuit::Variable, 2> root;
  circuit::Variable count, slot;
  std::array<circuit::Variable, 2> padded_root;
};
StatementVars declare_statement(circuit::Builder& b, const AggregationStatement& statement);

// digest (256 bits in message order, each boolean) equals the two halves: one
// constraint per half, as a half's 128 bits recompose to it without wrapping.
void assert_digest_is(circuit::Builder& b, std::span<const circuit::LC> digest,
                      const std::array<circuit::Variable, 2>& halves);

}  // namespace proofagg::recursion
