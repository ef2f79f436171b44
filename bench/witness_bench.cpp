// proofagg-bench-witness: witness generation for the in-circuit Groth16 verifier (a
// fixed key, a snarkjs fixture proof), the prover's per-proof work before proving,
// against the native verification of the same proof in the same run. One JSON line.
// With --concurrent K, each run generates K witnesses at once on K threads (as a
// prover does for independent circuits of a slot): witness_per_proof_s is the wall
// time of a run over K.
//   proofagg-bench-witness [--circuit NAME] [--arithmetic plain|committed] [--runs N] [--concurrent K]
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
  int runs = 3, concurrent = 1;
  std::string shared = PROOFAGG_SHARED_DIR;
  app.add_option("--circuit", circuit, "fixture circuit under shared/fixtures/snarkjs");
  app.add_option("--arithmetic", arithmetic_name, "plain or committed")->check(CLI::IsMember({"plain", "committed"}));
  app.add_option("--runs", runs, "witnesses generated (the median is reported)")->check(CLI::Range(1, 100));
  app.add_option("--concurrent", concurrent, "witnesses generated at once per run, one thread each")
      ->check(CLI::Range(1, 64));
  app.add_option("--shared", shared, "the shared/ folder");
  CLI11_PARSE(app, argc, argv);
  const auto arithmetic = arithmetic_name == "plain" ? Builder::Arithmetic::kPlain : Builder::Arithmetic::kCommitted;

  const auto fixture = bench::load_fixture(shared, circuit);
  if (!fixture) return 1;
  std::size_t constraints = 0;
  const double system_s = bench::seconds_of([&] {
    Builder b(Builder::Mode::kConstraints, arithmetic);
    bench::describe_fixture_verification(b, *fixture);
    constraints = b.constraints();
  });
  std::vector<double> witness_s;
  std::atomic<bool> satisfied = true;
  const auto one_witness = [&] {
    Builder b(Builder::Mode::kWitnessOnly, arithmetic);
    bench::describe_fixture_verification(b, *fixture);
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
                             {"concurrent", concurrent},
                             {"witness_s", median},
                             {"witness_per_proof_s", median / concurrent},
                             {"native_verify_s", native_s},
                             {"witness_over_native_verify", median / concurrent / native_s}};
  std::cout << out.dump() << "\n";
  return satisfied ? 0 : 1;
}
