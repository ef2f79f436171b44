#include "service/cli/prove_command.hpp"

#include <ostream>
#include <vector>

#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "aggregator/groth16/wtns.hpp"
#include "aggregator/groth16/zkey.hpp"
#include "service/common/files.hpp"
#include "service/cli/verify_command.hpp"

namespace proofagg::cli {

int run_prove(const ProveArgs& args, std::ostream& err) {
  const auto fail = [&](const std::string& message) {
    err << message << "\n";
    return kExitMalformed;
  };
  const Result<Backend> backend = parse_backend(args.backend);
  if (!backend) return fail(backend.error());
  const auto zkey_bytes = read_binary_file(args.zkey_path);
  if (!zkey_bytes) return fail(zkey_bytes.error());
  const auto key = groth16::read_zkey(*zkey_bytes);
  if (!key) return fail(args.zkey_path + ": " + key.error());
  const auto wtns_bytes = read_binary_file(args.wtns_path);
  if (!wtns_bytes) return fail(wtns_bytes.error());
  const auto witness = groth16::read_wtns(*wtns_bytes);
  if (!witness) return fail(args.wtns_path + ": " + witness.error());
  const auto proved = groth16::prove(*key, *witness, *backend);
  if (!proved) return fail(proved.error());
  if (Status s = write_text_file(args.proof_path, groth16::snarkjs::format_proof(proved->proof)); !s) return fail(s.error());
  if (Status s = write_text_file(args.public_path, groth16::snarkjs::format_public_signals(proved->public_signals)); !s) {
    return fail(s.error());
  }
  return 0;
}

}  // namespace proofagg::cli
