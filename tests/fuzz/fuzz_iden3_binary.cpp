// Fuzz target: iden3 binary files reachable from the network: .zkey
// (RegisterVerifyingKey, RegisterProvingKey) and .wtns (ProveWitness).
#include <cstddef>
#include <cstdint>
#include <span>

#include "aggregator/groth16/wtns.hpp"
#include "aggregator/groth16/zkey.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  (void)proofagg::groth16::read_zkey(bytes);
  (void)proofagg::groth16::read_wtns(bytes);
  return 0;
}
