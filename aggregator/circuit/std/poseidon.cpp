#include "aggregator/circuit/std/poseidon.hpp"

#include "aggregator/circuit/api.hpp"
#include "aggregator/commit/poseidon.hpp"

namespace proofagg::circuit {
namespace {

LC pow5(Builder& b, const LC& x) {
  const Variable x2 = mul(b, x, x);
  const Variable x4 = mul(b, x2, x2);
  return mul(b, x4, x);
}

}  // namespace

Variable poseidon(Builder& b, std::span<const LC> inputs) {
  const commit::PoseidonParameters& p = commit::poseidon_parameters(inputs.size() + 1);
  const std::size_t t = p.width;
  std::vector<LC> state(t);
  for (std::size_t i = 0; i < inputs.size(); ++i) state[i + 1] = inputs[i];
  const int first_partial = p.full_rounds / 2;
  const int after_partial = first_partial + p.partial_rounds;
  const Fr* constants = p.round_constants.data();
  for (int round = 0; round < p.full_rounds + p.partial_rounds; ++round, constants += t) {
    for (std::size_t i = 0; i < t; ++i) state[i] += LC(constants[i]);
    const bool full = round < first_partial || round >= after_partial;
    for (std::size_t i = 0; i < (full ? t : 1); ++i) state[i] = pow5(b, state[i]);
    std::vector<LC> mixed(t);
    for (std::size_t i = 0; i < t; ++i) {
      for (std::size_t j = 0; j < t; ++j) mixed[i] += state[j] * p.mds[i * t + j];
      mixed[i].compact();
    }
    state = std::move(mixed);
  }
  // The output as its own wire, so callers can expose or compare it.
  const std::vector<LC> out_in{state[0]};
  const Variable out = b.hint1(out_in, [](std::span<const Fr> v) { return v[0]; });
  assert_equal(b, out, state[0]);
  return out;
}

}  // namespace proofagg::circuit
