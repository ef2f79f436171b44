// `proofagg aggregation-keys` and `proofagg aggregate`: the recursion's keys, and one
// slot's aggregate proof from the command line (aggregator/recursion).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

namespace proofagg::cli {

struct AggregationKeysArgs {
  std::string out_dir;
  std::string ptau_path;  // empty with development
  bool development = false;
  std::size_t leaf_capacity = 2;
  std::size_t max_public_inputs = 2;
  std::size_t depth = 1;
};
// Makes the keys of every aggregation circuit and writes them to out_dir
// (manifest.json, one .zkey per circuit, and the wrapper's verification_key.json
// for snarkjs); prints their digest.
int run_aggregation_keys(const AggregationKeysArgs& args, std::ostream& out, std::ostream& err);

struct AggregateArgs {
  std::string keys_dir;
  std::string inputs_path;  // "VK PROOF PUBLIC" lines, as verify-batch
  std::uint64_t slot = 0;
  std::string out_dir;
};
// Verifies every listed proof natively, then proves the slot's aggregate and writes
// to out_dir: proof.json and public.json (the wrapper's, snarkjs JSON),
// verification_key.json, and inclusion.json (each input's leaf and path). Refuses,
// naming the culprit and writing nothing, when any input is malformed or invalid.
int run_aggregate(const AggregateArgs& args, std::ostream& out, std::ostream& err);

struct ExportSolidityArgs {
  std::string keys_dir;  // the wrapper's key from aggregation-keys, or
  std::string vk_path;   // a snarkjs verification_key.json of a plain key
  std::string out_dir;
};
// Writes ProofaggVerifier.sol (a Groth16 verifier for the key) and
// ProofaggSlotRoots.sol (aggregates accepted once per slot, inclusion checks).
int run_export_solidity(const ExportSolidityArgs& args, std::ostream& out, std::ostream& err);

}  // namespace proofagg::cli
