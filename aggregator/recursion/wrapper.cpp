#include "aggregator/recursion/wrapper.hpp"

#include <stdexcept>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/groth16.hpp"

namespace proofagg::recursion {

void describe_wrapper(circuit::Builder& b, const groth16::VerifyingKey& top_key, const NodeChild& top) {
  if (!top_key.commitment || top_key.public_inputs() != kAggregationSignals + 1) {
    throw std::invalid_argument("the wrapper verifies proofs of an aggregation circuit's key");
  }
  const NodeChild placeholder{{ec::g1_generator(), ec::g2_generator(), ec::g1_generator()},
                              {ec::g1_generator(), ec::g1_generator()},
                              {}};
  const NodeChild& child = b.has_values() ? top : placeholder;
  const auto values = child.statement.public_signals();
  std::vector<circuit::Variable> publics;
  for (std::size_t i = 0; i < kSlotSignals; ++i) publics.push_back(b.public_input(values[i]));

  circuit::EmulatedFq fq(b);
  circuit::EmulatedTower tower(fq);
  circuit::Groth16FixedKeyVerifier verifier(tower, top_key);
  std::vector<std::vector<circuit::Variable>> signals;
  for (std::size_t i = 0; i < kAggregationSignals; ++i) {
    const circuit::LC value = i < kSlotSignals ? circuit::LC(publics[i]) : circuit::LC(b.private_input(values[i]));
    signals.push_back(circuit::to_bits(b, value, kStatementSignalBits[i]));
  }
  verifier.assert_verifies(verifier.private_proof(child.proof, child.commitment), signals);
  b.finalize();
}

}  // namespace proofagg::recursion
