// `proofagg circuit-stats [--json]`: the constraint count of every circuit gadget
// (aggregator/circuit/stats), as a table or as one JSON object {mode: {gadget: n}}.
#pragma once

#include <iosfwd>

namespace proofagg::cli {

int run_circuit_stats(bool json, std::ostream& out);

}  // namespace proofagg::cli
