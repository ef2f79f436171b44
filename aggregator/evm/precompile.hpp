// Ethereum's BN254 precompiles (EIP-196 ecAdd 0x06 and ecMul 0x07, EIP-197
// ecPairing 0x08) over their exact calldata layout, and the EVM encodings of G1
// and G2 points that Groth16 calldata shares with them. Every input the
// precompiles reject is rejected here, with a one-line reason.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "kernels/core/result.hpp"
#include "kernels/ec/bn254.hpp"

namespace proofagg::evm {

inline constexpr std::size_t kWordBytes = 32;
inline constexpr std::size_t kG1Bytes = 2 * kWordBytes;
inline constexpr std::size_t kG2Bytes = 4 * kWordBytes;
inline constexpr std::size_t kPairingPairBytes = kG1Bytes + kG2Bytes;

using G1Bytes = std::array<std::uint8_t, kG1Bytes>;
using G2Bytes = std::array<std::uint8_t, kG2Bytes>;

// x || y; (0, 0) is the point at infinity. Checks canonical coordinates and the curve equation.
Result<ec::G1Affine> decode_g1(std::span<const std::uint8_t, kG1Bytes> bytes);
G1Bytes encode_g1(const ec::G1Affine& p);

// x_imag || x_real || y_imag || y_real; all zero is infinity. Also checks the subgroup.
Result<ec::G2Affine> decode_g2(std::span<const std::uint8_t, kG2Bytes> bytes);
G2Bytes encode_g2(const ec::G2Affine& q);

// Precompile semantics on raw calldata; the result is the precompile's return data.
Result<std::vector<std::uint8_t>> ec_add(std::span<const std::uint8_t> input);
Result<std::vector<std::uint8_t>> ec_mul(std::span<const std::uint8_t> input);
Result<std::vector<std::uint8_t>> ec_pairing(std::span<const std::uint8_t> input);

}  // namespace proofagg::evm
