// `proofagg verify` and `proofagg verify-batch`: Groth16 verification of snarkjs
// files from the command line. Exit codes: 0 valid, 1 well formed but invalid,
// 2 malformed input (a one-line reason on stderr).
#pragma once

#include <iosfwd>
#include <string>

namespace proofagg::cli {

inline constexpr int kExitValid = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitMalformed = 2;

int run_verify(const std::string& vk_path, const std::string& proof_path, const std::string& public_path,
               std::ostream& out, std::ostream& err);

// The list file holds one "VK PROOF PUBLIC" triple of paths per line (relative
// paths are taken from the list's folder; blank lines and # comments are skipped).
// Prints "LINE PROOF: valid|invalid|malformed: reason" per triple, verifies all
// well-formed ones in one batch, and exits with the worst code among them.
int run_verify_batch(const std::string& list_path, std::ostream& out, std::ostream& err);

}  // namespace proofagg::cli
