// `proofagg verify` and `proofagg verify-batch`: Groth16 verification of snarkjs
// files from the command line. Exit codes: 0 valid, 1 well formed but invalid,
// 2 malformed input (a one-line reason on stderr).
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "aggregator/groth16/verifier.hpp"
#include "kernels/core/result.hpp"

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

// One triple of such a list, loaded: the proof and its inputs under its key, or why
// not (`problem`).
struct ListedProof {
  int line = 0;
  std::string proof_path;  // as written in the list
  std::string problem;     // empty when well formed
  std::shared_ptr<const groth16::PreparedVerifyingKey> vk;  // shared by the triples naming one file
  groth16::Proof proof;
  std::vector<ff::Fr> inputs;
};
// The list's triples in order (each key file read once); an error only when the list
// itself cannot be read.
Result<std::vector<ListedProof>> read_proof_list(const std::string& list_path);

}  // namespace proofagg::cli
