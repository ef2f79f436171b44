// `proofagg setup --development --r1cs C.r1cs --zkey OUT.zkey --vk OUT.json`: Groth16
// keys for a circuit, readable by snarkjs and rapidsnark. Only the development
// setup exists (toxic waste drawn in this process), so the flag is required.
#pragma once

#include <iosfwd>
#include <string>

namespace proofagg::cli {

struct SetupArgs {
  bool development = false;
  std::string r1cs_path, zkey_path, vk_path;
};

int run_setup(const SetupArgs& args, std::ostream& err);

}  // namespace proofagg::cli
