// iden3's witness file (.wtns, as circom's witness generators and snarkjs write it):
// section 1 = (n8 = 32, the prime r, the count), section 2 = the values, 32-byte
// little-endian integers, each of which must be below r.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kernels/core/result.hpp"
#include "kernels/ff/bn254.hpp"

namespace proofagg::groth16 {

Result<std::vector<ff::Fr>> read_wtns(std::span<const std::uint8_t> bytes);
std::vector<std::uint8_t> write_wtns(std::span<const ff::Fr> witness);

}  // namespace proofagg::groth16
