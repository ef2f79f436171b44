#include "service/cli/setup_command.hpp"

#include <ostream>

#include "aggregator/groth16/r1cs.hpp"
#include "aggregator/groth16/setup.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "service/common/files.hpp"
#include "service/cli/verify_command.hpp"

namespace proofagg::cli {

int run_setup(const SetupArgs& args, std::ostream& err) {
  const auto fail = [&](const std::string& message) {
    err << message << "\n";
    return kExitMalformed;
  };
  if (args.development == !args.ptau_path.empty()) return fail("setup needs exactly one of --ptau FILE and --development");
  const auto bytes = read_binary_file(args.r1cs_path);
  if (!bytes) return fail(bytes.error());
  const auto r1cs = groth16::read_r1cs(*bytes);
  if (!r1cs) return fail(args.r1cs_path + ": " + r1cs.error());
  Result<groth16::ProvingKey> key = make_error("no setup ran");
  if (args.development) {
    key = groth16::development_setup(*r1cs);
  } else {
    const auto ptau_bytes = read_binary_file(args.ptau_path);
    if (!ptau_bytes) return fail(ptau_bytes.error());
    const auto ptau = groth16::PowersOfTau::parse(*ptau_bytes);
    if (!ptau) return fail(args.ptau_path + ": " + ptau.error());
    key = groth16::setup_from_ptau(*r1cs, *ptau);
  }
  if (!key) return fail(key.error());
  if (Status s = write_file(args.zkey_path, groth16::write_zkey(*key)); !s) return fail(s.error());
  if (Status s = write_text_file(args.vk_path, groth16::snarkjs::format_verifying_key(key->verifying_key())); !s) {
    return fail(s.error());
  }
  if (args.development) err << "development keys written (NOT for production: this process saw the toxic waste)\n";
  return 0;
}

}  // namespace proofagg::cli
