// Hexadecimal text <-> bytes, for CLIs and test vectors.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/core/result.hpp"

namespace proofagg {

// Accepts an optional 0x prefix and either case; rejects odd lengths and other characters.
Result<std::vector<std::uint8_t>> hex_decode(std::string_view text);

// Lowercase, no prefix.
std::string hex_encode(std::span<const std::uint8_t> bytes);

}  // namespace proofagg
