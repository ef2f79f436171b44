// Poseidon in a circuit: circomlib's Poseidon(n), the same permutation and the same
// parameters as aggregator/commit/poseidon (shared, not copied), so the in-circuit
// hash equals the native one (and circomlib's) on every input.
//
// Poseidon is native to Fr, so this is plain R1CS with no emulation: each S-box
// x^5 is three constraints (x^2, x^4, x^5); round constants and the MDS matrix are
// linear and free. Full rounds apply the S-box to all t lanes, partial rounds to
// lane 0, as in the reference (Grassi et al., "Poseidon", USENIX Security 2021).
// Soundness: every hinted wire is a product fixed by its constraint, so the output
// is a deterministic function of the inputs.
#pragma once

#include <span>

#include "aggregator/circuit/builder.hpp"

namespace proofagg::circuit {

// Poseidon(inputs), 1 <= inputs.size() <= 16 (t = 2..17).
Variable poseidon(Builder& b, std::span<const LC> inputs);

}  // namespace proofagg::circuit
