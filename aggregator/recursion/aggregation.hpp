// One slot's aggregation, end to end: its proofs in leaves of `capacity`, the
// leaves' proofs combined pairwise by `depth` levels of nodes, the top node's proof
// wrapped into one plain Groth16 proof of the slot's statement (SlotStatement).
// Every job is independent (a leaf needs only its proofs, a node its children's
// proofs, the wrapper the top node's), so each can be retried or run elsewhere; each
// proof made is verified natively before it is passed up.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "aggregator/groth16/ptau.hpp"
#include "aggregator/groth16/types.hpp"
#include "aggregator/groth16/zkey.hpp"
#include "aggregator/recursion/leaf.hpp"
#include "aggregator/recursion/node.hpp"
#include "aggregator/recursion/slot_commitment.hpp"
#include "kernels/core/backend.hpp"
#include "kernels/core/result.hpp"

namespace proofagg::recursion {

struct TreeShape {
  LeafShape leaf;
  std::size_t depth = 1;  // node levels above the leaves (at least one: the wrapper verifies a node)

  std::size_t max_proofs() const { return leaf.capacity << depth; }
  // Leaves under one proof of `level` (0: a leaf).
  std::size_t capacity_at(std::size_t level) const { return leaf.capacity << level; }
  // The wrapper's level, above the top node's.
  std::size_t wrapper_level() const { return depth + 1; }
  friend bool operator==(const TreeShape&, const TreeShape&) = default;
};

// The proving keys of a tree's circuits. Node level l (1 .. depth) verifies proofs of
// level l - 1 (the leaf's for l = 1) under that level's key, fixed in its circuit,
// so the keys are made in order.
struct AggregationKeys {
  TreeShape shape;
  groth16::ProvingKey leaf;
  std::vector<groth16::ProvingKey> nodes;
  groth16::ProvingKey wrapper;

  const groth16::ProvingKey& at(std::size_t level) const { return level == 0 ? leaf : nodes.at(level - 1); }
};

// How key generation reports each circuit it starts ("leaf", "node 1", .., "wrapper").
using SetupProgress = std::function<void(std::string_view circuit, std::size_t constraints)>;

// DEVELOPMENT ONLY (groth16::development_setup: the toxic waste is drawn in this
// process): keys for tests and demos, never for slots anyone relies on.
Result<AggregationKeys> development_keys(const TreeShape& shape, const SetupProgress& progress = {});
// From a prepared powers-of-tau ceremony file with room for the largest circuit
// (2^23 constraints for the wrapper; a public ceremony's file, see docs/aggregation.md).
Result<AggregationKeys> keys_from_ptau(const TreeShape& shape, const groth16::PowersOfTau& ptau,
                                       const SetupProgress& progress = {});

// The keys as files: one .zkey per circuit, then manifest.json (the shape and each
// key's file and SHA-256). The manifest's SHA-256 names the key set (its digest).
// Each file is made and handed to `write` in turn (the wrapper's alone is gigabytes),
// so the set is never in memory twice; returns the digest.
using KeyWriter = std::function<Status(const std::string& name, std::span<const std::uint8_t> bytes)>;
Result<std::string> write_key_files(const AggregationKeys& keys, const KeyWriter& write);
using KeyReader = std::function<Result<std::vector<std::uint8_t>>(const std::string&)>;

// Where an aggregator finds each level's key (0: the leaf, 1 .. depth: the nodes,
// depth + 1: the wrapper).
class KeyProvider {
 public:
  virtual ~KeyProvider() = default;
  virtual const TreeShape& shape() const = 0;
  // Valid for the provider's life.
  virtual Result<const groth16::ProvingKey*> proving_key(std::size_t level) const = 0;
  virtual Result<groth16::VerifyingKey> verifying_key(std::size_t level) const = 0;
};

// A key set's files (write_key_files'), each key read through the reader when first
// asked for, checked against the manifest (its SHA-256, its kind, the wrapper's
// vk_hash; a changed, missing or foreign file is refused), and then kept: a worker proving only leaves never holds the wrapper's
// gigabytes. A verifying key alone (a node needs its children's) is kept without
// its proving key. Safe to share between threads.
class AggregationKeyFiles final : public KeyProvider {
 public:
  // Reads and checks manifest.json only; refuses one that is not a key manifest.
  static Result<std::unique_ptr<AggregationKeyFiles>> open(KeyReader read);

  const TreeShape& shape() const override { return shape_; }
  const std::string& digest() const { return digest_; }
  // The wrapper's vk_hash, as the manifest records it (checked when the key is read).
  const commit::VkHash& wrapper_vk_hash() const { return wrapper_vk_hash_; }
  Result<const groth16::ProvingKey*> proving_key(std::size_t level) const override;
  Result<groth16::VerifyingKey> verifying_key(std::size_t level) const override;

 private:
  struct Opened {  // what open() read from the manifest
    TreeShape shape;
    std::map<std::string, std::string> sha256;  // file name -> hex digest
    commit::VkHash wrapper_vk_hash;
    std::string digest;
  };

 public:
  AggregationKeyFiles(KeyReader read, Opened manifest);  // open()'s alone: Opened is private

 private:
  Result<groth16::ProvingKey> read_key(std::size_t level) const;

  KeyReader read_;
  TreeShape shape_;
  std::map<std::string, std::string> sha256_;
  commit::VkHash wrapper_vk_hash_;
  std::string digest_;
  mutable std::mutex mutex_;
  mutable std::map<std::size_t, std::unique_ptr<groth16::ProvingKey>> proving_;
  mutable std::map<std::size_t, groth16::VerifyingKey> verifying_;
};

// One job of a slot's aggregation. Level 0: a leaf over proofs [first_proof,
// first_proof + proofs) in inclusion order; 1 .. depth: a node over positions 2p
// and 2p + 1 (those that exist) of the level below; wrapper_level(): the wrapper
// over the top node. A job's parent is (level + 1, position / 2); the wrapper has none.
struct AggregationJob {
  std::size_t level = 0, position = 0;
  std::size_t first_proof = 0, proofs = 0;  // leaves only
  friend bool operator==(const AggregationJob&, const AggregationJob&) = default;
};
// Every job of a slot of `proofs` proofs (1 .. max_proofs()), children before parents.
Result<std::vector<AggregationJob>> plan_aggregation(const TreeShape& shape, std::size_t proofs);

// The slot's aggregate: the wrapper's plain Groth16 proof of the commitment's
// statement, with the commitment (each input's inclusion path) and what it was built
// from, in inclusion order.
struct SlotProof {
  SlotCommitment commitment;
  groth16::Proof proof;
  std::vector<IncludedProof> included;

  const SlotStatement& statement() const { return commitment.statement(); }
};

// Seconds spent per stage of one aggregate (witness generation counted apart).
struct StageTimes {
  double witness = 0, leaves = 0, nodes = 0, wrapper = 0;
};

// Proves with a set of keys, each loaded once for the aggregator's life.
class SlotAggregator {
 public:
  // `keys` outlive the aggregator.
  explicit SlotAggregator(const AggregationKeys& keys, Backend backend = Backend::kAuto);
  explicit SlotAggregator(const KeyProvider& keys, Backend backend = Backend::kAuto);
  ~SlotAggregator();

  const TreeShape& shape() const { return keys_.shape(); }
  Result<groth16::VerifyingKey> wrapper_key() const { return keys_.verifying_key(shape().wrapper_level()); }

  // A leaf over 1 .. capacity proofs (each verified natively first: a failing one is
  // refused by its index, and nothing is proven).
  Result<NodeChild> prove_leaf(std::uint64_t slot, std::span<const LeafInput> inputs, StageTimes* times = nullptr) const;
  // A node of `level` (1 .. depth) over 1 or 2 proofs of the level below (each
  // checked against the level's key first).
  Result<NodeChild> prove_node(std::size_t level, std::span<const NodeChild> children, StageTimes* times = nullptr) const;
  // The wrapper over the top node's proof (checked first).
  Result<groth16::Proof> prove_wrapper(const NodeChild& top, StageTimes* times = nullptr) const;
  // All of it for one slot's proofs, in inclusion order (1 .. max_proofs()).
  Result<SlotProof> aggregate(std::uint64_t slot, std::span<const LeafInput> inputs, StageTimes* times = nullptr) const;

 private:
  // child verifies under level's key for the statement it carries.
  Status check_child(std::size_t level, const NodeChild& child) const;

  std::unique_ptr<KeyProvider> owned_;  // AggregationKeys seen as a provider
  const KeyProvider& keys_;
  Backend backend_;
};

}  // namespace proofagg::recursion
