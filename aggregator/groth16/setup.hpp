// Groth16 key generation for an R1CS, in snarkjs's .zkey layout (so snarkjs and
// rapidsnark can prove with the keys too).
//
// setup_from_ptau is snarkjs's `zkey new` followed by one `zkey contribute`: the
// circuit-independent part comes from a prepared powers-of-tau ceremony file, and
// this process contributes delta (then forgets it). The keys are sound if one
// participant of the ceremony, or this contribution, was honest.
//
// DEVELOPMENT ONLY: development_setup draws the toxic waste (tau, alpha, beta, gamma,
// delta) in this process and then drops it. Whoever could read this process's
// memory could forge proofs. It exists for tests and benchmarks; keys for real
// circuits must come from a ceremony.
#pragma once

#include <optional>

#include "aggregator/groth16/ptau.hpp"
#include "aggregator/groth16/r1cs.hpp"
#include "aggregator/groth16/zkey.hpp"
#include "kernels/core/result.hpp"

namespace proofagg::groth16 {

// `committed`: the wires of a committed circuit's one commitment (commitment.hpp;
// circuit::Builder::committed_wires()); the key then has a commitment key, and gamma
// is drawn at random in both setups (the committed bases are over gamma, so it must
// be a secret: gamma = 1, as snarkjs keeps for public inputs, would let anyone
// compute them for any wire).
Result<ProvingKey> development_setup(const R1cs& r1cs, std::optional<WireRange> committed = std::nullopt);
Result<ProvingKey> setup_from_ptau(const R1cs& r1cs, const PowersOfTau& ptau,
                                   std::optional<WireRange> committed = std::nullopt);

}  // namespace proofagg::groth16
