// Fuzz target: snarkjs JSON (proof, public signals, verifying key) as SubmitProof and
// RegisterVerifyingKey receive it. Any input must give a value or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aggregator/groth16/snarkjs_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  namespace snarkjs = proofagg::groth16::snarkjs;
  (void)snarkjs::parse_proof(text);
  (void)snarkjs::parse_public_signals(text);
  (void)snarkjs::parse_verifying_key(text);
  return 0;
}
