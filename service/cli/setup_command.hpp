// `proofagg setup --r1cs C.r1cs --ptau CEREMONY.ptau --zkey OUT.zkey --vk OUT.json`:
// Groth16 keys for a circuit from a prepared powers-of-tau file plus one phase-2
// contribution drawn here (what `snarkjs zkey new` + `zkey contribute` do), readable
// by snarkjs and rapidsnark. `--development` instead of `--ptau` makes test keys
// whose whole toxic waste this process saw.
#pragma once

#include <iosfwd>
#include <string>

namespace proofagg::cli {

struct SetupArgs {
  bool development = false;
  std::string r1cs_path, ptau_path, zkey_path, vk_path;
};

int run_setup(const SetupArgs& args, std::ostream& err);

}  // namespace proofagg::cli
