#include "service/cli/setup_command.hpp"

#include <ostream>

#include "aggregator/groth16/r1cs.hpp"
#include "aggregator/groth16/setup.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "service/cli/files.hpp"
#include "service/cli/verify_command.hpp"

namespace proofagg::cli {

int run_setup(const SetupArgs& args, std::ostream& err) {
  const auto fail = [&](const std::string& message) {
    err << message << "\n";
    return kExitMalformed;
  };
  if (!args.development) {
    return fail("only the development setup exists (toxic waste drawn in this process): pass --development");
  }
  const auto bytes = read_binary_file(args.r1cs_path);
  if (!bytes) return fail(bytes.error());
  const auto r1cs = groth16::read_r1cs(*bytes);
  if (!r1cs) return fail(args.r1cs_path + ": " + r1cs.error());
  const auto key = groth16::development_setup(*r1cs);
  if (!key) return fail(key.error());
  if (Status s = write_file(args.zkey_path, groth16::write_zkey(*key)); !s) return fail(s.error());
  if (Status s = write_text_file(args.vk_path, groth16::snarkjs::format_verifying_key(key->verifying_key())); !s) {
    return fail(s.error());
  }
  err << "development keys written (NOT for production: this process saw the toxic waste)\n";
  return 0;
}

}  // namespace proofagg::cli
