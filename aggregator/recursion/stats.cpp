#include "aggregator/recursion/stats.hpp"

#include <algorithm>
#include <functional>

#include "aggregator/recursion/leaf.hpp"
#include "aggregator/recursion/node.hpp"
#include "aggregator/recursion/wrapper.hpp"
#include "kernels/ec/bn254.hpp"

namespace proofagg::recursion {
namespace {

// A key of an aggregation circuit's shape (statement inputs, the challenge, a
// commitment) made of small multiples of the generators: a count depends on the
// shape only.
groth16::VerifyingKey shaped_aggregation_key() {
  const auto g1 = [](std::uint64_t k) { return ec::g1_mul(ec::G1::from_affine(ec::g1_generator()), ff::Limbs{{k, 0, 0, 0}}).to_affine(); };
  const auto g2 = [](std::uint64_t k) { return ec::g2_mul(ec::G2::from_affine(ec::g2_generator()), ff::Limbs{{k, 0, 0, 0}}).to_affine(); };
  groth16::VerifyingKey vk{g1(2), g2(3), g2(5), g2(7), {}, groth16::CommitmentVerifyingKey{g2(11), g2(13)}};
  for (std::uint64_t i = 0; i <= kAggregationSignals + 1; ++i) vk.ic.push_back(g1(17 + i));
  return vk;
}

}  // namespace

std::vector<circuit::GadgetCount> circuit_constraint_counts(std::span<const std::string> only) {
  std::vector<circuit::GadgetCount> out;
  const auto add = [&](const std::string& name, const char* mode, const std::function<std::size_t()>& count) {
    if (only.empty() || std::find(only.begin(), only.end(), name) != only.end()) out.push_back({name, mode, count()});
  };
  for (const LeafShape shape : {LeafShape{2, 2}, LeafShape{8, 1}, LeafShape{8, 2}}) {
    add("leaf_k" + std::to_string(shape.capacity) + "_inputs" + std::to_string(shape.max_public_inputs), "committed", [&] {
      circuit::Builder b(circuit::Builder::Mode::kConstraints, circuit::Builder::Arithmetic::kCommitted);
      describe_leaf(b, shape, 0, {});
      return b.constraints() - b.lookup_table_rows();
    });
  }
  add("node", "committed", [&] {
    circuit::Builder b(circuit::Builder::Mode::kConstraints, circuit::Builder::Arithmetic::kCommitted);
    describe_node(b, shaped_aggregation_key(), 8, {}, {});
    return b.constraints() - b.lookup_table_rows();
  });
  add("wrapper", "plain", [&] {
    circuit::Builder b(circuit::Builder::Mode::kConstraints, circuit::Builder::Arithmetic::kPlain);
    describe_wrapper(b, shaped_aggregation_key(), {});
    return b.constraints();
  });
  return out;
}

}  // namespace proofagg::recursion
