// `proofagg circuit-stats [--json] [--only NAMES]`: the constraint count of every circuit gadget
// (aggregator/circuit/stats), as a table or as one JSON object {mode: {gadget: n}}.
#pragma once

#include <iosfwd>
#include <span>
#include <string>

namespace proofagg::cli {

// `only`: gadget names to measure (empty: all); an unknown name is an error (exit 2).
int run_circuit_stats(bool json, std::span<const std::string> only, std::ostream& out);

}  // namespace proofagg::cli
