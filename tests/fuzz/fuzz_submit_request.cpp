// Fuzz target: a SubmitProofRequest off the wire, through protobuf and the same
// strict decoders the handler runs.
#include <cstddef>
#include <cstdint>
#include <span>

#include "aggregator/groth16/evm_calldata.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include <google/protobuf/stubs/logging.h>

#include "proofagg/v1/proofagg.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Invalid UTF-8 in string fields is refused by protobuf, which logs each one.
  static const bool quiet = (google::protobuf::SetLogHandler(nullptr), true);
  (void)quiet;
  proofagg::v1::SubmitProofRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
  namespace calldata = proofagg::groth16::evm_calldata;
  const auto as_bytes = [](const std::string& s) {
    return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  };
  (void)calldata::decode_proof(as_bytes(request.proof().evm_calldata()));
  (void)proofagg::groth16::snarkjs::parse_proof(request.proof().snarkjs_json());
  (void)calldata::decode_public_inputs(as_bytes(request.public_signals().evm_calldata()));
  (void)proofagg::groth16::snarkjs::parse_public_signals(request.public_signals().snarkjs_json());
  return 0;
}
