// Fuzz target: EVM calldata proofs and public inputs (SubmitProof's binary encoding).
// A decoded proof must re-encode to the same bytes (decoding only accepts canonical input).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "aggregator/groth16/evm_calldata.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace calldata = proofagg::groth16::evm_calldata;
  const std::span<const std::uint8_t> bytes(data, size);
  if (const auto proof = calldata::decode_proof(bytes)) {
    const auto again = calldata::encode_proof(*proof);
    if (!std::equal(again.begin(), again.end(), bytes.begin(), bytes.end())) std::abort();
  }
  if (const auto inputs = calldata::decode_public_inputs(bytes)) {
    const auto again = calldata::encode_public_inputs(*inputs);
    if (!std::equal(again.begin(), again.end(), bytes.begin(), bytes.end())) std::abort();
  }
  return 0;
}
