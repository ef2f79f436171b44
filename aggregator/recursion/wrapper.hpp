// The wrapper circuit (plain mode): verifies the top node's proof under its key, a
// constant of the circuit, and exposes exactly the slot's public signals
// (SlotStatement: root halves, count, slot). Its proofs are plain Groth16, so
// `snarkjs groth16 verify` and snarkjs's Solidity verifier check them unchanged; it
// is paid once per slot.
//
// What the constraints enforce: the top proof verifies (Groth16FixedKeyVerifier with
// the key's commitment, challenge and proof of knowledge in-circuit) for signals
// given by bits (as a node's children: halves 128, count 32, slot 64), and the four
// public signals are its first four. Its padded root is a private input, needed only
// to verify the proof.
#pragma once

#include "aggregator/circuit/builder.hpp"
#include "aggregator/groth16/types.hpp"
#include "aggregator/recursion/node.hpp"

namespace proofagg::recursion {

inline constexpr std::size_t kSlotSignals = 4;

// The circuit for proofs under `top_key` (an aggregation circuit's key with a
// commitment; std::invalid_argument otherwise). In kConstraints mode `top` is
// ignored.
void describe_wrapper(circuit::Builder& b, const groth16::VerifyingKey& top_key, const NodeChild& top);

}  // namespace proofagg::recursion
