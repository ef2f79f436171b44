// Whole-file reads and writes as status values, for the command line, the server and tools.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/core/result.hpp"

namespace proofagg {

// Text files must be UTF-8 (JSON, PEM, TOML all are): a binary file given where
// text belongs is refused here, with the path, rather than by a parser downstream.
Result<std::string> read_text_file(const std::string& path);
Result<std::vector<std::uint8_t>> read_binary_file(const std::string& path);
Status write_file(const std::string& path, std::span<const std::uint8_t> bytes);
Status write_text_file(const std::string& path, const std::string& text);  // adds a final newline
// Reads files of `directory` by name (read_binary_file), as key sets are read.
std::function<Result<std::vector<std::uint8_t>>(const std::string&)> file_reader(std::string directory);

// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
bool is_utf8(std::string_view text);

}  // namespace proofagg
