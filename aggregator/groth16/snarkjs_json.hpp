// snarkjs's JSON files: verification_key.json, proof.json and public.json. Readers
// are strict where snarkjs is lenient: coordinates and public signals must be
// canonical decimals below their modulus, points must be normalised (z = 1, or the
// point at infinity), on the curve and, for G2, in the subgroup; nPublic must match
// IC; a vk_alphabeta_12 present must equal e(alpha, beta). Writers produce what
// snarkjs writes (decimal strings, projective triples, one-space indentation).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "aggregator/groth16/types.hpp"
#include "kernels/core/result.hpp"

namespace proofagg::groth16::snarkjs {

// Documents larger than their kind ever is (nesting, value counts) are refused
// before they are parsed into memory: a key has at most kMaxKeyPublicInputs public
// inputs, a proof a fixed shape, and public signals at most `max_signals` entries
// (a verifier passes its key's count, so an oversized array costs nothing).
inline constexpr std::size_t kMaxKeyPublicInputs = std::size_t{1} << 16;

Result<VerifyingKey> parse_verifying_key(std::string_view json);
Result<Proof> parse_proof(std::string_view json);
Result<std::vector<ff::Fr>> parse_public_signals(std::string_view json, std::size_t max_signals = kMaxKeyPublicInputs);

std::string format_verifying_key(const VerifyingKey& vk);
std::string format_proof(const Proof& proof);
std::string format_public_signals(std::span<const ff::Fr> signals);

}  // namespace proofagg::groth16::snarkjs
