// Constraint counts of the circuit gadgets, measured by building each one once in
// constraint mode: what `proofagg circuit-stats` prints and bench/RESULTS.md keeps.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace proofagg::circuit {

struct GadgetCount {
  std::string name;  // e.g. "fq_mul"
  std::string mode;  // "plain" (any Groth16) or "committed" (one BSB22 commitment)
  std::size_t constraints;
};

// Every gadget (or those named in `only`) in both modes, in a stable order. All of
// them take about a minute and 3.5 GB (the plain pairing checks are millions of
// constraints).
std::vector<GadgetCount> gadget_constraint_counts(std::span<const std::string> only = {});

}  // namespace proofagg::circuit
