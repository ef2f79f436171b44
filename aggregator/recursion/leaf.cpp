#include "aggregator/recursion/leaf.hpp"

#include <bit>
#include <stdexcept>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/lookup.hpp"
#include "aggregator/circuit/std/commitments.hpp"
#include "aggregator/circuit/std/groth16.hpp"
#include "aggregator/circuit/std/sha256.hpp"
#include "aggregator/commit/commitments.hpp"

namespace proofagg::recursion {
namespace {

using circuit::Builder;
using circuit::LC;
using circuit::Variable;

Status check_shape(const LeafShape& shape) {
  if (!std::has_single_bit(shape.capacity)) return make_error("a leaf's capacity must be a power of two");
  if (shape.max_public_inputs > circuit::Groth16WitnessKeyVerifier::kMaxPublicInputs) {
    return make_error("a leaf has room for at most " +
                      std::to_string(circuit::Groth16WitnessKeyVerifier::kMaxPublicInputs) + " public inputs per proof");
  }
  return {};
}

// Stands in for the proofs in kConstraints mode: generators everywhere.
struct Placeholder {
  groth16::VerifyingKey vk;
  LeafInput input;
  explicit Placeholder(std::size_t inputs) {
    vk.alpha = ec::g1_generator();
    vk.beta = vk.gamma = vk.delta = ec::g2_generator();
    vk.ic.assign(inputs + 1, ec::g1_generator());
    input = {&vk, {ec::g1_generator(), ec::g2_generator(), ec::g1_generator()}, std::vector<ff::Fr>(inputs)};
  }
};

}  // namespace

Result<AggregationStatement> leaf_statement(const LeafShape& shape, std::uint64_t slot,
                                            std::span<const LeafInput> inputs) {
  if (Status s = check_shape(shape); !s) return s.failure();
  if (inputs.empty() || inputs.size() > shape.capacity) {
    return make_error("a leaf holds 1 to " + std::to_string(shape.capacity) + " proofs, not " +
                      std::to_string(inputs.size()));
  }
  std::vector<Sha256Digest> leaves;
  for (std::size_t j = 0; j < inputs.size(); ++j) {
    const LeafInput& in = inputs[j];
    if (in.vk->public_inputs() > shape.max_public_inputs || in.public_inputs.size() != in.vk->public_inputs()) {
      return make_error("proof " + std::to_string(j) + ": " + std::to_string(in.public_inputs.size()) +
                        " public inputs for a key of " + std::to_string(in.vk->public_inputs()) + ", the leaf takes " +
                        std::to_string(shape.max_public_inputs) + " at most");
    }
    leaves.push_back(leaf_of({commit::vk_hash(*in.vk), in.public_inputs}));
  }
  return statement_of(leaves, shape.capacity, slot);
}

void describe_leaf(Builder& b, const LeafShape& shape, std::uint64_t slot, std::span<const LeafInput> inputs) {
  if (Status s = check_shape(shape); !s) throw std::invalid_argument(s.error());
  const Placeholder placeholder(shape.max_public_inputs);
  AggregationStatement statement{{}, 0, slot, {}};
  if (b.has_values()) {
    auto computed = leaf_statement(shape, slot, inputs);
    if (!computed) throw std::invalid_argument(computed.error());
    statement = *computed;
  } else {
    inputs = std::span(&placeholder.input, 1);
  }
  b.set_lookup_chunk_bits(circuit::RangeLookup::kMaxChunkBits);
  const StatementVars vars = declare_statement(b, statement);

  circuit::EmulatedFq fq(b);
  circuit::EmulatedTower tower(fq);
  circuit::Groth16WitnessKeyVerifier verifier(tower);
  const std::size_t k = shape.capacity;
  std::vector<circuit::Groth16WitnessKeyVerifier::Key> keys;
  std::vector<circuit::Groth16ProofVar> proofs;
  std::vector<std::vector<std::vector<Variable>>> input_bits(k);
  std::vector<LC> used;
  std::vector<std::vector<LC>> leaves;
  keys.reserve(k);
  proofs.reserve(k);
  LC count;
  for (std::size_t j = 0; j < k; ++j) {
    const LeafInput& in = j < inputs.size() ? inputs[j] : inputs[0];  // padding repeats slot 0
    if (j == 0) {
      used.push_back(LC::constant(1));
    } else {
      const Variable u = b.private_input(ff::Fr::from_u64(j < inputs.size() ? 1 : 0));
      circuit::assert_boolean(b, u);
      b.constrain(u, LC::constant(1) - used.back(), LC(), "leaf slot used after an unused one");
      used.emplace_back(u);
    }
    count += used.back();
    keys.push_back(verifier.private_key_of_at_most(*in.vk, shape.max_public_inputs));
    proofs.push_back(verifier.private_proof(in.proof));
    for (std::size_t i = 0; i < shape.max_public_inputs; ++i) {
      const ff::Fr x = i < in.public_inputs.size() ? in.public_inputs[i] : ff::Fr::zero();
      input_bits[j].push_back(circuit::to_bits_below_r(b, b.private_input(x)));
    }
    const auto pi = circuit::pi_hash_of_prefix(b, input_bits[j], keys.back().input_count_selectors);
    std::vector<LC> leaf = circuit::leaf_hash(b, keys.back().hash, pi);
    if (j > 0) {
      for (LC& bit : leaf) bit = circuit::mul(b, used.back(), bit, "leaf padding");
    }
    leaves.push_back(std::move(leaf));
  }
  circuit::assert_equal(b, count, vars.count);

  std::vector<circuit::Groth16WitnessKeyVerifier::KeyedProofs> groups;
  for (std::size_t j = 0; j < k; ++j) groups.push_back({&keys[j], std::span(&proofs[j], 1), std::span(&input_bits[j], 1)});
  verifier.assert_batch_verifies(groups);

  // Level by level; the leftmost node of each depth is the root of that many leaves.
  std::vector<std::vector<LC>> level = std::move(leaves);
  std::vector<LC> root = level.front();
  for (std::size_t depth = 1; level.size() > 1; ++depth) {
    std::vector<std::vector<LC>> above;
    for (std::size_t i = 0; i < level.size(); i += 2) above.push_back(circuit::merkle_node(b, level[i], level[i + 1]));
    level = std::move(above);
    const LC& deeper = used[std::size_t{1} << (depth - 1)];  // count > 2^(depth - 1)
    for (std::size_t i = 0; i < root.size(); ++i) root[i] = circuit::select(b, deeper, level.front()[i], root[i]);
  }
  assert_digest_is(b, root, vars.root);
  assert_digest_is(b, level.front(), vars.padded_root);
  b.finalize();
}

}  // namespace proofagg::recursion
