// `proofagg precompile add|mul|pairing HEX`: Ethereum's BN254 precompiles on the
// command line, a contract other tools check against.
#pragma once

#include <iosfwd>
#include <string_view>

namespace proofagg::cli {

enum class Precompile { kAdd, kMul, kPairing };

// Prints the output as lowercase hex (no 0x) on out and returns 0; on input the
// precompile rejects, prints a one-line reason on err and returns 1.
int run_precompile(Precompile op, std::string_view hex_input, std::ostream& out, std::ostream& err);

}  // namespace proofagg::cli
