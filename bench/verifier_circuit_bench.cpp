// proofagg-bench-verifier-circuit: the recursion's unit of work end to end. A circuit
// that verifies a snarkjs fixture proof (key fixed in the circuit) is built in the
// committed arithmetic, given a development key with its one commitment, and proven;
// the proof is verified natively (groth16::verify_with_commitment). One JSON line with
// each stage's time, and the native verification of the inner proof as the peer.
//   proofagg-bench-verifier-circuit [--circuit NAME] [--shared DIR]
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "aggregator/groth16/commitment.hpp"
#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/setup.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "bench/fixture_circuit.hpp"

using namespace proofagg;
using circuit::Builder;

int main(int argc, char** argv) {
  CLI::App app{"proofagg-bench-verifier-circuit: prove a circuit that verifies a Groth16 proof"};
  std::string circuit = "multiplier";
  std::string shared = PROOFAGG_SHARED_DIR;
  app.add_option("--circuit", circuit, "fixture circuit under shared/fixtures/snarkjs");
  app.add_option("--shared", shared, "the shared/ folder");
  CLI11_PARSE(app, argc, argv);
  const auto fixture = bench::load_fixture(shared, circuit);
  if (!fixture) return 1;

  groth16::R1cs r1cs;
  std::pair<std::uint32_t, std::uint32_t> committed;
  const double system_s = bench::seconds_of([&] {
    Builder b(Builder::Mode::kConstraints, Builder::Arithmetic::kCommitted);
    bench::describe_fixture_verification(b, *fixture);
    r1cs = b.r1cs();
    committed = b.committed_wires();
  });
  Result<groth16::ProvingKey> key = make_error("not made");
  const double setup_s = bench::seconds_of([&] {
    key = groth16::development_setup(r1cs, groth16::WireRange{committed.first, committed.second});
  });
  if (!key) {
    std::cerr << "setup: " << key.error() << "\n";
    return 1;
  }
  std::vector<ff::Fr> witness;
  bool satisfied = false;
  const double witness_s = bench::seconds_of([&] {
    Builder b(Builder::Mode::kWitnessOnly, Builder::Arithmetic::kCommitted, groth16::challenge_for(*key->commitment));
    bench::describe_fixture_verification(b, *fixture);
    satisfied = !b.first_violation().has_value();
    witness = b.witness();
  });
  Result<groth16::ProofWithPublic> proof = make_error("not proven");
  const double prove_s = bench::seconds_of([&] { proof = groth16::prove(*key, witness); });
  if (!proof) {
    std::cerr << "prove: " << proof.error() << "\n";
    return 1;
  }
  Result<bool> verified = false;
  const double verify_s = bench::seconds_of([&] {
    verified = groth16::verify_with_commitment(key->verifying_key(), proof->proof, *proof->commitment,
                                               proof->public_signals);
  });
  const groth16::PreparedVerifyingKey inner(fixture->vk);
  const double inner_verify_s = bench::seconds_of([&] { (void)groth16::verify(inner, fixture->proof, fixture->inputs); });
  const bool ok = satisfied && verified.ok() && *verified && proof->public_signals == fixture->inputs;
  nlohmann::ordered_json out{{"circuit", circuit},
                             {"arithmetic", "committed"},
                             {"constraints", r1cs.constraints.size()},
                             {"wires", r1cs.n_wires},
                             {"committed_wires", committed.second - committed.first},
                             {"domain", key->domain_size},
                             {"system_s", system_s},
                             {"setup_s", setup_s},
                             {"witness_s", witness_s},
                             {"prove_s", prove_s},
                             {"verify_s", verify_s},
                             {"inner_verify_s", inner_verify_s},
                             {"verified", ok}};
  std::cout << out.dump() << "\n";
  return ok ? 0 : 1;
}
