// Groth16 proofs and public inputs as Solidity verifiers take them: the proof as
// uint256[8] = (A.x, A.y, B.x_imag, B.x_real, B.y_imag, B.y_real, C.x, C.y) in the
// EIP-197 word order, public inputs as uint256[], each word 32 bytes big-endian.
// Decoding is as strict as the precompiles: canonical words, points on the curve,
// B in the subgroup, inputs below r.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "aggregator/groth16/types.hpp"
#include "kernels/core/result.hpp"

namespace proofagg::groth16::evm_calldata {

inline constexpr std::size_t kProofBytes = 8 * 32;
using ProofBytes = std::array<std::uint8_t, kProofBytes>;

ProofBytes encode_proof(const Proof& proof);
Result<Proof> decode_proof(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> encode_public_inputs(std::span<const ff::Fr> inputs);
Result<std::vector<ff::Fr>> decode_public_inputs(std::span<const std::uint8_t> bytes);

}  // namespace proofagg::groth16::evm_calldata
