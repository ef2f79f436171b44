// Constraint counts of the circuit gadgets, measured by building each one once in
// constraint mode: what `proofagg circuit-stats` prints and bench/RESULTS.md keeps.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace proofagg::circuit {

struct GadgetCount {
  std::string name;  // e.g. "fq_mul"
  std::string mode;  // "plain" (any Groth16) or "committed" (one BSB22 commitment)
  std::size_t constraints;
};

// Every gadget in every mode built so far, in a stable order.
std::vector<GadgetCount> gadget_constraint_counts();

}  // namespace proofagg::circuit
