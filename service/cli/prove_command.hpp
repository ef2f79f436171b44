// `proofagg prove --zkey K --wtns W --proof OUT --public OUT [--backend B]`: a Groth16
// proof from snarkjs's proving key and witness, written as snarkjs writes it.
// Exit 0 on success; 2 with a one-line reason when an input is malformed.
#pragma once

#include <iosfwd>
#include <string>

namespace proofagg::cli {

struct ProveArgs {
  std::string zkey_path, wtns_path, proof_path, public_path;
  std::string backend = "auto";
};

int run_prove(const ProveArgs& args, std::ostream& err);

}  // namespace proofagg::cli
