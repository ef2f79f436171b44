// Whole-file reads and writes as status values, for the command line, the server and tools.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kernels/core/result.hpp"

namespace proofagg {

Result<std::string> read_text_file(const std::string& path);
Result<std::vector<std::uint8_t>> read_binary_file(const std::string& path);
Status write_file(const std::string& path, std::span<const std::uint8_t> bytes);
Status write_text_file(const std::string& path, const std::string& text);  // adds a final newline

}  // namespace proofagg
