#include "aggregator/recursion/aggregation.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <stdexcept>

#include "aggregator/circuit/builder.hpp"
#include "aggregator/commit/commitments.hpp"
#include "aggregator/groth16/commitment.hpp"
#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/setup.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "aggregator/recursion/wrapper.hpp"
#include "kernels/core/hex.hpp"

namespace proofagg::recursion {
namespace {

using circuit::Builder;

class Stopwatch {
 public:
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

Status check_shape(const TreeShape& shape) {
  if (shape.depth == 0) return make_error("an aggregation tree needs at least one node level");
  if (shape.capacity_at(shape.depth) > (std::size_t{1} << 20)) return make_error("an aggregation tree of over 2^20 proofs");
  if (!std::has_single_bit(shape.leaf.capacity)) return make_error("a leaf's capacity must be a power of two");
  return {};
}

// Builds a circuit's system and makes its key with `setup`.
using Setup = std::function<Result<groth16::ProvingKey>(const groth16::R1cs&, std::optional<groth16::WireRange>)>;
Result<groth16::ProvingKey> key_for(std::string_view name, Builder::Arithmetic arithmetic,
                                    const std::function<void(Builder&)>& describe, const Setup& setup,
                                    const SetupProgress& progress) {
  groth16::R1cs r1cs;
  std::optional<groth16::WireRange> committed;
  {  // the builder's copy of the system goes before the setup's memory comes
    Builder b(Builder::Mode::kConstraints, arithmetic);
    describe(b);
    if (progress) progress(name, b.constraints());
    if (b.committed()) {
      const auto [begin, end] = b.committed_wires();
      committed = groth16::WireRange{begin, end};
    }
    r1cs = b.r1cs();
  }
  auto key = setup(r1cs, committed);
  if (!key) return key.failure().prefixed(std::string(name) + " setup: ");
  return key;
}

Result<AggregationKeys> make_keys(const TreeShape& shape, const Setup& setup, const SetupProgress& progress) {
  if (Status s = check_shape(shape); !s) return s.failure();
  AggregationKeys keys{shape, {}, {}, {}};
  auto leaf = key_for("leaf", Builder::Arithmetic::kCommitted,
                      [&](Builder& b) { describe_leaf(b, shape.leaf, 0, {}); }, setup, progress);
  if (!leaf) return leaf.failure();
  keys.leaf = std::move(*leaf);
  for (std::size_t level = 1; level <= shape.depth; ++level) {
    const groth16::VerifyingKey child = keys.at(level - 1).verifying_key();
    auto node = key_for("node " + std::to_string(level), Builder::Arithmetic::kCommitted,
                        [&](Builder& b) { describe_node(b, child, shape.capacity_at(level - 1), {}, {}); }, setup,
                        progress);
    if (!node) return node.failure();
    keys.nodes.push_back(std::move(*node));
  }
  const groth16::VerifyingKey top = keys.at(shape.depth).verifying_key();
  auto wrapper = key_for("wrapper", Builder::Arithmetic::kPlain, [&](Builder& b) { describe_wrapper(b, top, {}); },
                         setup, progress);
  if (!wrapper) return wrapper.failure();
  keys.wrapper = std::move(*wrapper);
  return keys;
}

std::string key_file_name(std::size_t level, std::size_t depth) {
  if (level == 0) return "leaf.zkey";
  if (level <= depth) return "node" + std::to_string(level) + ".zkey";
  return "wrapper.zkey";
}

// `sha256` holds each key file's digest (hex), by file name.
std::string manifest_of(const TreeShape& shape, const nlohmann::ordered_json& sha256) {
  nlohmann::ordered_json doc;
  doc["format"] = "proofagg.aggregation-keys.v1";
  doc["leaf_capacity"] = shape.leaf.capacity;
  doc["max_public_inputs"] = shape.leaf.max_public_inputs;
  doc["depth"] = shape.depth;
  doc["sha256"] = sha256;
  return doc.dump(1);
}

std::span<const std::uint8_t> bytes_of(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// The witness of a committed circuit for `key`, or the first constraint it breaks.
Result<std::vector<ff::Fr>> committed_witness(const groth16::ProvingKey& key, Backend backend,
                                              const std::function<void(Builder&)>& describe) {
  Builder b(Builder::Mode::kWitnessOnly, Builder::Arithmetic::kCommitted, groth16::challenge_for(*key.commitment, backend));
  try {
    describe(b);
  } catch (const std::invalid_argument& e) {
    return make_error(e.what());
  }
  if (b.first_violation()) return make_error("the witness breaks constraint '" + *b.first_violation() + "'");
  return b.witness();
}

Result<NodeChild> prove_committed(const groth16::ProvingKey& key, Backend backend, const AggregationStatement& statement,
                                  const std::function<void(Builder&)>& describe, double* witness_seconds) {
  const Stopwatch witness_time;
  auto witness = committed_witness(key, backend, describe);
  if (!witness) return witness.failure();
  if (witness_seconds != nullptr) *witness_seconds += witness_time.seconds();
  auto proven = groth16::prove(key, *witness, backend);
  if (!proven) return proven.failure();
  const auto signals = statement.public_signals();
  if (proven->public_signals != signals) return make_error("the proof's signals are not its statement's", ErrorKind::kInternal);
  const auto verified = groth16::verify_with_commitment(key.verifying_key(), proven->proof, *proven->commitment, signals);
  if (!verified) return verified.failure();
  if (!*verified) return make_error("a proof made does not verify (a key of another circuit?)", ErrorKind::kInternal);
  return NodeChild{proven->proof, *proven->commitment, statement};
}

}  // namespace

Result<AggregationKeys> development_keys(const TreeShape& shape, const SetupProgress& progress) {
  return make_keys(shape,
                   [](const groth16::R1cs& r1cs, std::optional<groth16::WireRange> committed) {
                     return groth16::development_setup(r1cs, committed);
                   },
                   progress);
}

Result<AggregationKeys> keys_from_ptau(const TreeShape& shape, const groth16::PowersOfTau& ptau,
                                       const SetupProgress& progress) {
  return make_keys(shape,
                   [&](const groth16::R1cs& r1cs, std::optional<groth16::WireRange> committed) {
                     return groth16::setup_from_ptau(r1cs, ptau, committed);
                   },
                   progress);
}

Result<std::string> write_key_files(const AggregationKeys& keys, const KeyWriter& write) {
  nlohmann::ordered_json sha256 = nlohmann::ordered_json::object();
  for (std::size_t level = 0; level <= keys.shape.depth + 1; ++level) {
    const std::string name = key_file_name(level, keys.shape.depth);
    const std::vector<std::uint8_t> bytes =
        groth16::write_zkey(level <= keys.shape.depth ? keys.at(level) : keys.wrapper);
    if (Status s = write(name, bytes); !s) return s.failure();
    sha256[name] = hex_encode(Sha256::of(bytes));
  }
  const std::string manifest = manifest_of(keys.shape, sha256);
  if (Status s = write("manifest.json", bytes_of(manifest)); !s) return s.failure();
  return hex_encode(Sha256::of(bytes_of(manifest)));
}

Result<AggregationKeys> keys_from_files(const std::function<Result<std::vector<std::uint8_t>>(const std::string&)>& read) {
  const auto manifest_bytes = read("manifest.json");
  if (!manifest_bytes) return manifest_bytes.failure();
  const auto doc = nlohmann::json::parse(manifest_bytes->begin(), manifest_bytes->end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != "proofagg.aggregation-keys.v1" ||
      !doc.contains("leaf_capacity") || !doc["leaf_capacity"].is_number_unsigned() || !doc.contains("depth") ||
      !doc["depth"].is_number_unsigned() || !doc.contains("max_public_inputs") ||
      !doc["max_public_inputs"].is_number_unsigned() || !doc.contains("sha256") || !doc["sha256"].is_object()) {
    return make_error("manifest.json is not a proofagg aggregation key manifest");
  }
  AggregationKeys keys;
  keys.shape = {{doc["leaf_capacity"].get<std::size_t>(), doc["max_public_inputs"].get<std::size_t>()},
                doc["depth"].get<std::size_t>()};
  if (Status s = check_shape(keys.shape); !s) return s.failure().prefixed("manifest.json: ");
  for (std::size_t level = 0; level <= keys.shape.depth + 1; ++level) {
    const std::string name = key_file_name(level, keys.shape.depth);
    const auto expected = doc["sha256"].find(name);
    if (expected == doc["sha256"].end() || !expected->is_string()) return make_error("manifest.json names no " + name);
    auto bytes = read(name);
    if (!bytes) return bytes.failure();
    if (hex_encode(Sha256::of(*bytes)) != expected->get<std::string>()) {
      return make_error(name + " is not the key the manifest names (its SHA-256 differs)");
    }
    auto key = groth16::read_zkey(*bytes, groth16::ZkeyChecks::kTrustedBases);  // the manifest vouches for it
    if (!key) return key.failure().prefixed(name + ": ");
    const bool committed = level <= keys.shape.depth;
    if (key->commitment.has_value() != committed) return make_error(name + (committed ? " lacks" : " has") + " a commitment");
    if (level == 0) keys.leaf = std::move(*key);
    else if (committed) keys.nodes.push_back(std::move(*key));
    else keys.wrapper = std::move(*key);
  }
  keys.digest = hex_encode(Sha256::of(*manifest_bytes));
  return keys;
}

SlotAggregator::SlotAggregator(const AggregationKeys& keys, Backend backend) : keys_(keys), backend_(backend) {}

Result<NodeChild> SlotAggregator::prove_leaf(std::uint64_t slot, std::span<const LeafInput> inputs, StageTimes* times) const {
  const Stopwatch stage;
  auto statement = leaf_statement(keys_.shape.leaf, slot, inputs);
  if (!statement) return statement.failure();
  for (std::size_t j = 0; j < inputs.size(); ++j) {
    const auto verified = groth16::verify(groth16::PreparedVerifyingKey(*inputs[j].vk), inputs[j].proof, inputs[j].public_inputs);
    if (!verified || !*verified) {
      return make_error("proof " + std::to_string(j) + " of the leaf does not verify" +
                        (verified ? std::string() : ": " + verified.error()));
    }
  }
  double witness = 0;
  auto out = prove_committed(keys_.leaf, backend_, *statement,
                             [&](Builder& b) { describe_leaf(b, keys_.shape.leaf, slot, inputs); }, &witness);
  if (times != nullptr) {
    times->witness += witness;
    times->leaves += stage.seconds();
  }
  return out;
}

Result<NodeChild> SlotAggregator::prove_node(std::size_t level, std::span<const NodeChild> children, StageTimes* times) const {
  if (level == 0 || level > keys_.shape.depth) return make_error("no node level " + std::to_string(level));
  const Stopwatch stage;
  const std::size_t child_capacity = keys_.shape.capacity_at(level - 1);
  auto statement = node_statement(child_capacity, children);
  if (!statement) return statement.failure();
  const groth16::VerifyingKey child_key = keys_.at(level - 1).verifying_key();
  double witness = 0;
  auto out = prove_committed(keys_.at(level), backend_, *statement,
                             [&](Builder& b) { describe_node(b, child_key, child_capacity, children, *statement); },
                             &witness);
  if (times != nullptr) {
    times->witness += witness;
    times->nodes += stage.seconds();
  }
  return out;
}

Result<groth16::Proof> SlotAggregator::prove_wrapper(const NodeChild& top, StageTimes* times) const {
  const Stopwatch stage;
  Builder b(Builder::Mode::kWitnessOnly, Builder::Arithmetic::kPlain);
  try {
    describe_wrapper(b, keys_.at(keys_.shape.depth).verifying_key(), top);
  } catch (const std::invalid_argument& e) {
    return make_error(e.what());
  }
  if (b.first_violation()) return make_error("the wrapper's witness breaks constraint '" + *b.first_violation() + "'");
  if (times != nullptr) times->witness += stage.seconds();
  auto proven = groth16::prove(keys_.wrapper, b.witness(), backend_);
  if (!proven) return proven.failure();
  const auto signals = top.statement.slot_statement().public_signals();
  const auto verified = groth16::verify(groth16::PreparedVerifyingKey(keys_.wrapper.verifying_key()), proven->proof, signals);
  if (!verified) return verified.failure();
  if (!*verified) return make_error("the wrapper's proof does not verify", ErrorKind::kInternal);
  if (times != nullptr) times->wrapper += stage.seconds();
  return proven->proof;
}

Result<SlotProof> SlotAggregator::aggregate(std::uint64_t slot, std::span<const LeafInput> inputs, StageTimes* times) const {
  if (inputs.empty() || inputs.size() > keys_.shape.max_proofs()) {
    return make_error("a slot aggregate holds 1 to " + std::to_string(keys_.shape.max_proofs()) + " proofs, not " +
                      std::to_string(inputs.size()));
  }
  std::vector<IncludedProof> included;
  for (const LeafInput& in : inputs) included.push_back({commit::vk_hash(*in.vk), in.public_inputs});
  auto commitment = SlotCommitment::build(slot, included);
  if (!commitment) return commitment.failure();

  const std::size_t k = keys_.shape.leaf.capacity;
  std::vector<NodeChild> level;
  for (std::size_t first = 0; first < inputs.size(); first += k) {
    const auto chunk = inputs.subspan(first, std::min(k, inputs.size() - first));
    auto leaf = prove_leaf(slot, chunk, times);
    if (!leaf) return leaf.failure().prefixed("proofs " + std::to_string(first) + " .. " +
                                                  std::to_string(first + chunk.size() - 1) + ": ");
    level.push_back(std::move(*leaf));
  }
  for (std::size_t depth = 1; depth <= keys_.shape.depth; ++depth) {
    std::vector<NodeChild> above;
    for (std::size_t i = 0; i < level.size(); i += 2) {
      auto node = prove_node(depth, std::span(level).subspan(i, std::min<std::size_t>(2, level.size() - i)), times);
      if (!node) return node.failure().prefixed("node level " + std::to_string(depth) + ": ");
      above.push_back(std::move(*node));
    }
    level = std::move(above);
  }
  if (level.front().statement.slot_statement().public_signals() != commitment->statement().public_signals()) {
    return make_error("the aggregate's statement is not the slot commitment's", ErrorKind::kInternal);
  }
  auto proof = prove_wrapper(level.front(), times);
  if (!proof) return proof.failure();
  return SlotProof{std::move(*commitment), *proof, std::move(included)};
}

}  // namespace proofagg::recursion
