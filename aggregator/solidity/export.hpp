// Solidity for checking slot aggregates on the EVM, written from a verifying key:
// - a Groth16 verifier for one key (any number of public inputs): verifyProof takes
//   the proof as uint256[8] (evm_calldata's EIP-197 order) and the signals, refuses
//   non-canonical words, and checks e(-A, B) e(alpha, beta) e(L, gamma) e(C, delta) = 1
//   with the precompiles 0x06-0x08 (EIP-196/197), returning false on any failure;
// - ProofaggSlotRoots: accepts each slot's aggregate once under that key,
//   records its root, and checks a rollup's inclusion: its leaf
//   SHA-256(vk_hash ‖ SHA-256(inputs)) folded with its path (precompile 0x02) to the
//   slot's root, as commit::verify_inclusion.
#pragma once

#include <string>
#include <string_view>

#include "aggregator/groth16/types.hpp"

namespace proofagg::solidity {

// The verifier contract `contract_name` for `vk` (a plain key: no commitment).
std::string groth16_verifier(const groth16::VerifyingKey& vk, std::string_view contract_name = "ProofaggVerifier");

// ProofaggSlotRoots over the verifier contract `verifier_name` (groth16_verifier's,
// of the wrapper key: four signals, the slot statement), whose key it inherits.
std::string slot_roots(std::string_view verifier_name = "ProofaggVerifier");

}  // namespace proofagg::solidity
