// Constraint counts of the aggregation circuits (leaf, node, wrapper), built once
// each in constraint mode: what `proofagg circuit-stats` prints after the gadgets.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "aggregator/circuit/stats.hpp"

namespace proofagg::recursion {

// Every aggregation circuit (or those named in `only`), committed ones without their
// lookup table. Several GB each: the leaf of 8 proofs is some 8M constraints.
std::vector<circuit::GadgetCount> circuit_constraint_counts(std::span<const std::string> only = {});

}  // namespace proofagg::recursion
