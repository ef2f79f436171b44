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

constexpr std::string_view kManifestFormat = "proofagg.aggregation-keys.v2";

// `sha256` holds each key file's digest (hex), by file name.
std::string manifest_of(const TreeShape& shape, const commit::VkHash& wrapper_vk_hash,
                        const nlohmann::ordered_json& sha256) {
  nlohmann::ordered_json doc;
  doc["format"] = kManifestFormat;
  doc["leaf_capacity"] = shape.leaf.capacity;
  doc["max_public_inputs"] = shape.leaf.max_public_inputs;
  doc["depth"] = shape.depth;
  doc["wrapper_vk_hash"] = hex_encode(wrapper_vk_hash);
  doc["sha256"] = sha256;
  return doc.dump(1);
}

// Aggregation keys in memory, as a provider.
class KeysInMemory final : public KeyProvider {
 public:
  explicit KeysInMemory(const AggregationKeys& keys) : keys_(keys) {}
  const TreeShape& shape() const override { return keys_.shape; }
  Result<const groth16::ProvingKey*> proving_key(std::size_t level) const override {
    if (level <= keys_.shape.depth) return &keys_.at(level);
    if (level == keys_.shape.wrapper_level()) return &keys_.wrapper;
    return make_error("no aggregation level " + std::to_string(level));
  }
  Result<groth16::VerifyingKey> verifying_key(std::size_t level) const override {
    auto key = proving_key(level);
    if (!key) return key.failure();
    return (*key)->verifying_key();
  }

 private:
  const AggregationKeys& keys_;
};

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
  for (std::size_t level = 0; level <= keys.shape.wrapper_level(); ++level) {
    const std::string name = key_file_name(level, keys.shape.depth);
    const std::vector<std::uint8_t> bytes =
        groth16::write_zkey(level <= keys.shape.depth ? keys.at(level) : keys.wrapper);
    if (Status s = write(name, bytes); !s) return s.failure();
    sha256[name] = hex_encode(Sha256::of(bytes));
  }
  const std::string manifest = manifest_of(keys.shape, commit::vk_hash(keys.wrapper.verifying_key()), sha256);
  if (Status s = write("manifest.json", bytes_of(manifest)); !s) return s.failure();
  return hex_encode(Sha256::of(bytes_of(manifest)));
}

Result<std::unique_ptr<AggregationKeyFiles>> AggregationKeyFiles::open(KeyReader read) {
  const auto manifest_bytes = read("manifest.json");
  if (!manifest_bytes) return manifest_bytes.failure();
  const auto doc = nlohmann::json::parse(manifest_bytes->begin(), manifest_bytes->end(), nullptr, false);
  const auto is_count = [&](const char* field) { return doc.contains(field) && doc[field].is_number_unsigned(); };
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("format") || !doc["format"].is_string()) {
    return make_error("manifest.json is not a proofagg aggregation key manifest");
  }
  if (doc["format"] != kManifestFormat) {
    return make_error("manifest.json is of format " + doc["format"].get<std::string>() + ", not " +
                      std::string(kManifestFormat) + " (keys of an older proofagg: make them again)");
  }
  if (!is_count("leaf_capacity") || !is_count("depth") || !is_count("max_public_inputs") ||
      !doc.contains("wrapper_vk_hash") || !doc["wrapper_vk_hash"].is_string() || !doc.contains("sha256") ||
      !doc["sha256"].is_object()) {
    return make_error("manifest.json lacks a field of a proofagg aggregation key manifest");
  }
  const TreeShape shape{{doc["leaf_capacity"].get<std::size_t>(), doc["max_public_inputs"].get<std::size_t>()},
                        doc["depth"].get<std::size_t>()};
  if (Status s = check_shape(shape); !s) return s.failure().prefixed("manifest.json: ");
  const auto vk_hash = hex_decode(doc["wrapper_vk_hash"].get<std::string>());
  if (!vk_hash || vk_hash->size() != 32) return make_error("manifest.json: wrapper_vk_hash is not 32 bytes of hex");
  commit::VkHash wrapper_vk_hash{};
  std::copy(vk_hash->begin(), vk_hash->end(), wrapper_vk_hash.begin());
  std::map<std::string, std::string> sha256;
  for (std::size_t level = 0; level <= shape.wrapper_level(); ++level) {
    const std::string name = key_file_name(level, shape.depth);
    const auto expected = doc["sha256"].find(name);
    if (expected == doc["sha256"].end() || !expected->is_string()) return make_error("manifest.json names no " + name);
    sha256[name] = expected->get<std::string>();
  }
  return std::make_unique<AggregationKeyFiles>(
      std::move(read), Opened{shape, std::move(sha256), wrapper_vk_hash, hex_encode(Sha256::of(*manifest_bytes))});
}

AggregationKeyFiles::AggregationKeyFiles(KeyReader read, Opened manifest)
    : read_(std::move(read)), shape_(manifest.shape), sha256_(std::move(manifest.sha256)),
      wrapper_vk_hash_(manifest.wrapper_vk_hash), digest_(std::move(manifest.digest)) {}

Result<groth16::ProvingKey> AggregationKeyFiles::read_key(std::size_t level) const {
  if (level > shape_.wrapper_level()) return make_error("no aggregation level " + std::to_string(level));
  const std::string name = key_file_name(level, shape_.depth);
  auto bytes = read_(name);
  if (!bytes) return bytes.failure();
  if (hex_encode(Sha256::of(*bytes)) != sha256_.at(name)) {
    return make_error(name + " is not the key the manifest names (its SHA-256 differs)");
  }
  auto key = groth16::read_zkey(*bytes, groth16::ZkeyChecks::kTrustedBases);  // the manifest vouches for it
  if (!key) return key.failure().prefixed(name + ": ");
  const bool committed = level <= shape_.depth;
  if (key->commitment.has_value() != committed) return make_error(name + (committed ? " lacks" : " has") + " a commitment");
  if (!committed && commit::vk_hash(key->verifying_key()) != wrapper_vk_hash_) {
    return make_error(name + " is not the wrapper key whose vk_hash the manifest names");
  }
  return key;
}

Result<const groth16::ProvingKey*> AggregationKeyFiles::proving_key(std::size_t level) const {
  std::lock_guard lock(mutex_);
  if (const auto it = proving_.find(level); it != proving_.end()) return it->second.get();
  auto key = read_key(level);
  if (!key) return key.failure();
  auto& kept = proving_[level] = std::make_unique<groth16::ProvingKey>(std::move(*key));
  verifying_.erase(level);
  return kept.get();
}

Result<groth16::VerifyingKey> AggregationKeyFiles::verifying_key(std::size_t level) const {
  std::lock_guard lock(mutex_);
  if (const auto it = proving_.find(level); it != proving_.end()) return it->second->verifying_key();
  if (const auto it = verifying_.find(level); it != verifying_.end()) return it->second;
  auto key = read_key(level);  // dropped once its verifying key is taken
  if (!key) return key.failure();
  return verifying_[level] = key->verifying_key();
}

Result<std::vector<AggregationJob>> plan_aggregation(const TreeShape& shape, std::size_t proofs) {
  if (Status s = check_shape(shape); !s) return s.failure();
  if (proofs == 0 || proofs > shape.max_proofs()) {
    return make_error("a slot aggregate holds 1 to " + std::to_string(shape.max_proofs()) + " proofs, not " +
                      std::to_string(proofs));
  }
  std::vector<AggregationJob> jobs;
  const std::size_t k = shape.leaf.capacity;
  std::size_t width = 0;
  for (std::size_t first = 0; first < proofs; first += k, ++width) {
    jobs.push_back({0, width, first, std::min(k, proofs - first)});
  }
  for (std::size_t level = 1; level <= shape.depth; ++level) {
    width = (width + 1) / 2;
    for (std::size_t p = 0; p < width; ++p) jobs.push_back({level, p, 0, 0});
  }
  jobs.push_back({shape.wrapper_level(), 0, 0, 0});
  return jobs;
}

SlotAggregator::SlotAggregator(const AggregationKeys& keys, Backend backend)
    : owned_(std::make_unique<KeysInMemory>(keys)), keys_(*owned_), backend_(backend) {}
SlotAggregator::SlotAggregator(const KeyProvider& keys, Backend backend) : keys_(keys), backend_(backend) {}
SlotAggregator::~SlotAggregator() = default;

Result<NodeChild> SlotAggregator::prove_leaf(std::uint64_t slot, std::span<const LeafInput> inputs, StageTimes* times) const {
  const Stopwatch stage;
  auto statement = leaf_statement(shape().leaf, slot, inputs);
  if (!statement) return statement.failure();
  for (std::size_t j = 0; j < inputs.size(); ++j) {
    const auto verified = groth16::verify(groth16::PreparedVerifyingKey(*inputs[j].vk), inputs[j].proof, inputs[j].public_inputs);
    if (!verified || !*verified) {
      return make_error("proof " + std::to_string(j) + " of the leaf does not verify" +
                        (verified ? std::string() : ": " + verified.error()));
    }
  }
  const auto key = keys_.proving_key(0);
  if (!key) return key.failure();
  double witness = 0;
  auto out = prove_committed(**key, backend_, *statement,
                             [&](Builder& b) { describe_leaf(b, shape().leaf, slot, inputs); }, &witness);
  if (times != nullptr) {
    times->witness += witness;
    times->leaves += stage.seconds();
  }
  return out;
}

Status SlotAggregator::check_child(std::size_t level, const NodeChild& child) const {
  const auto key = keys_.verifying_key(level);
  if (!key) return key.failure();
  const auto verified =
      groth16::verify_with_commitment(*key, child.proof, child.commitment, child.statement.public_signals());
  if (!verified) return verified.failure();
  if (!*verified) return make_error("a proof of level " + std::to_string(level) + " does not verify");
  return {};
}

Result<NodeChild> SlotAggregator::prove_node(std::size_t level, std::span<const NodeChild> children, StageTimes* times) const {
  if (level == 0 || level > shape().depth) return make_error("no node level " + std::to_string(level));
  const Stopwatch stage;
  const std::size_t child_capacity = shape().capacity_at(level - 1);
  auto statement = node_statement(child_capacity, children);
  if (!statement) return statement.failure();
  for (const NodeChild& child : children) {
    if (Status s = check_child(level - 1, child); !s) return s.failure();
  }
  const auto child_key = keys_.verifying_key(level - 1);
  if (!child_key) return child_key.failure();
  const auto key = keys_.proving_key(level);
  if (!key) return key.failure();
  double witness = 0;
  auto out = prove_committed(**key, backend_, *statement,
                             [&](Builder& b) { describe_node(b, *child_key, child_capacity, children, *statement); },
                             &witness);
  if (times != nullptr) {
    times->witness += witness;
    times->nodes += stage.seconds();
  }
  return out;
}

Result<groth16::Proof> SlotAggregator::prove_wrapper(const NodeChild& top, StageTimes* times) const {
  const Stopwatch stage;
  if (top.statement.count > shape().max_proofs()) return make_error("the top node states more proofs than the tree holds");
  if (Status s = check_child(shape().depth, top); !s) return s.failure();
  const auto top_key = keys_.verifying_key(shape().depth);
  if (!top_key) return top_key.failure();
  const auto key = keys_.proving_key(shape().wrapper_level());
  if (!key) return key.failure();
  const Stopwatch witness;
  Builder b(Builder::Mode::kWitnessOnly, Builder::Arithmetic::kPlain);
  try {
    describe_wrapper(b, *top_key, top);
  } catch (const std::invalid_argument& e) {
    return make_error(e.what());
  }
  if (b.first_violation()) return make_error("the wrapper's witness breaks constraint '" + *b.first_violation() + "'");
  if (times != nullptr) times->witness += witness.seconds();
  auto proven = groth16::prove(**key, b.witness(), backend_);
  if (!proven) return proven.failure();
  const auto signals = top.statement.slot_statement().public_signals();
  const auto verified = groth16::verify(groth16::PreparedVerifyingKey((*key)->verifying_key()), proven->proof, signals);
  if (!verified) return verified.failure();
  if (!*verified) return make_error("the wrapper's proof does not verify", ErrorKind::kInternal);
  if (times != nullptr) times->wrapper += stage.seconds();
  return proven->proof;
}

Result<SlotProof> SlotAggregator::aggregate(std::uint64_t slot, std::span<const LeafInput> inputs, StageTimes* times) const {
  const auto plan = plan_aggregation(shape(), inputs.size());
  if (!plan) return plan.failure();
  std::vector<IncludedProof> included;
  for (const LeafInput& in : inputs) included.push_back({commit::vk_hash(*in.vk), in.public_inputs});
  auto commitment = SlotCommitment::build(slot, included);
  if (!commitment) return commitment.failure();

  // Each level's proofs by position, as the plan makes them (children first).
  std::vector<std::vector<NodeChild>> made(shape().wrapper_level());
  for (const AggregationJob& job : *plan) {
    if (job.level == 0) {
      auto leaf = prove_leaf(slot, inputs.subspan(job.first_proof, job.proofs), times);
      if (!leaf) return leaf.failure().prefixed("proofs " + std::to_string(job.first_proof) + " .. " +
                                                std::to_string(job.first_proof + job.proofs - 1) + ": ");
      made[0].push_back(std::move(*leaf));
    } else if (job.level <= shape().depth) {
      const std::vector<NodeChild>& below = made[job.level - 1];
      const std::size_t first = 2 * job.position;
      auto node = prove_node(job.level, std::span(below).subspan(first, std::min<std::size_t>(2, below.size() - first)),
                             times);
      if (!node) return node.failure().prefixed("node level " + std::to_string(job.level) + ": ");
      made[job.level].push_back(std::move(*node));
    }
  }
  const NodeChild& top = made[shape().depth].front();
  if (top.statement.slot_statement().public_signals() != commitment->statement().public_signals()) {
    return make_error("the aggregate's statement is not the slot commitment's", ErrorKind::kInternal);
  }
  auto proof = prove_wrapper(top, times);
  if (!proof) return proof.failure();
  return SlotProof{std::move(*commitment), *proof, std::move(included)};
}

}  // namespace proofagg::recursion
