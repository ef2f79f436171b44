// proofagg-bench-witness: witness generation for the in-circuit Groth16 verifier (a
// fixed key, a snarkjs fixture proof), the prover's per-proof work before proving,
// against the native verification of the same proof in the same run. One JSON line.
// With --batch K the circuit is the leaf's instead: K proofs of the fixture's key (its
// proofs in turn), the key a witness, one batched pairing check. With --concurrent C,
// each run generates C witnesses at once on C threads (as a prover does for
// independent circuits of a slot). witness_per_proof_s is a run's wall time over the
// proofs it verified (K C).
//   proofagg-bench-witness [--circuit NAME] [--arithmetic plain|committed] [--runs N] [--batch K] [--concurrent C]
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <thread>

#include "aggregator/groth16/verifier.hpp"
#include "bench/fixture_circuit.hpp"

using namespace proofagg;
using circuit::Builder;

int main(int argc, char** argv) {
  CLI::App app{"proofagg-bench-witness: witness generation of the in-circuit Groth16 verifier"};
  std::string circuit = "multiplier", arithmetic_name = "committed";
  int runs = 3, concurrent = 1, batch = 0;
  std::string shared = PROOFAGG_SHARED_DIR;
  app.add_option("--circuit", circuit, "fixture circuit under shared/fixtures/snarkjs");
  app.add_option("--arithmetic", arithmetic_name, "plain or committed")->check(CLI::IsMember({"plain", "committed"}));
  app.add_option("--runs", runs, "witnesses generated (the median is reported)")->check(CLI::Range(1, 100));
  app.add_option("--batch", batch, "verify this many proofs of one witness key (0: one proof, fixed key)")
      ->check(CLI::Range(0, 64));
  app.add_option("--concurrent", concurrent, "witnesses generated at once per run, one thread each")
      ->check(CLI::Range(1, 64));
  app.add_option("--shared", shared, "the shared/ folder");
  CLI11_PARSE(app, argc, argv);
  const auto arithmetic = arithmetic_name == "plain" ? Builder::Arithmetic::kPlain : Builder::Arithmetic::kCommitted;

  const auto fixture = bench::load_fixture(shared, circuit);
  const auto fixture_proofs = bench::load_fixture_proofs(shared, circuit);
  if (!fixture || !fixture_proofs) return 1;
  const auto describe = [&](Builder& b) {
    if (batch == 0) {
      bench::describe_fixture_verification(b, *fixture);
    } else {
      bench::describe_fixture_batch_verification(b, *fixture_proofs, static_cast<std::size_t>(batch));
    }
  };
  const int proofs_per_witness = std::max(batch, 1);
  std::size_t constraints = 0;
  const double system_s = bench::seconds_of([&] {
    Builder b(Builder::Mode::kConstraints, arithmetic);
    describe(b);
    constraints = b.constraints();
  });
  std::vector<double> witness_s;
  std::atomic<bool> satisfied = true;
  const auto one_witness = [&] {
    Builder b(Builder::Mode::kWitnessOnly, arithmetic);
    describe(b);
    if (b.first_violation().has_value()) satisfied = false;
  };
  for (int i = 0; i < runs; ++i) {
    witness_s.push_back(bench::seconds_of([&] {
      std::vector<std::jthread> threads;
      for (int k = 1; k < concurrent; ++k) threads.emplace_back(one_witness);
      one_witness();
    }));
  }
  std::sort(witness_s.begin(), witness_s.end());
  const groth16::PreparedVerifyingKey prepared(fixture->vk);
  double native_s = 0;
  const int native_runs = 20;
  native_s = bench::seconds_of([&] {
    for (int i = 0; i < native_runs; ++i) (void)groth16::verify(prepared, fixture->proof, fixture->inputs);
  }) / native_runs;
  const double median = witness_s[witness_s.size() / 2];
  nlohmann::ordered_json out{{"circuit", circuit},
                             {"arithmetic", arithmetic_name},
                             {"constraints", constraints},
                             {"satisfied", satisfied.load()},
                             {"system_s", system_s},
                             {"batch", batch},
                             {"concurrent", concurrent},
                             {"witness_s", median},
                             {"witness_per_proof_s", median / (concurrent * proofs_per_witness)},
                             {"native_verify_s", native_s},
                             {"witness_over_native_verify", median / (concurrent * proofs_per_witness) / native_s}};
  std::cout << out.dump() << "\n";
  return satisfied ? 0 : 1;
}
