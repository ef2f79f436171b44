// proofagg-bench-witness: witness generation for the in-circuit Groth16 verifier (a
// fixed key, a snarkjs fixture proof), the prover's per-proof work before proving,
// against the native verification of the same proof in the same run. One JSON line.
//   proofagg-bench-witness [--circuit NAME] [--arithmetic plain|committed] [--runs N]
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/groth16.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "bench/fixture.hpp"

namespace {

using namespace proofagg;
using circuit::Builder;

template <class F>
double seconds_of(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The verification of `proof` for `inputs` (their full 254-bit encodings) under the
// fixed key `vk`; returns whether the witness satisfied every constraint.
bool describe(Builder& b, const groth16::VerifyingKey& vk, const groth16::Proof& proof, std::span<const ff::Fr> inputs) {
  circuit::EmulatedFq fq(b);
  circuit::EmulatedTower tower(fq);
  circuit::Groth16FixedKeyVerifier verifier(tower, vk);
  const auto p = verifier.private_proof(proof);
  std::vector<std::vector<circuit::Variable>> bits;
  for (const ff::Fr& x : inputs) bits.push_back(circuit::to_bits_below_r(b, b.public_input(x)));
  verifier.assert_verifies(p, bits);
  b.finalize();
  return !b.first_violation().has_value();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"proofagg-bench-witness: witness generation of the in-circuit Groth16 verifier"};
  std::string circuit = "multiplier", arithmetic_name = "committed";
  int runs = 3;
  std::string shared = PROOFAGG_SHARED_DIR;
  app.add_option("--circuit", circuit, "fixture circuit under shared/fixtures/snarkjs");
  app.add_option("--arithmetic", arithmetic_name, "plain or committed")->check(CLI::IsMember({"plain", "committed"}));
  app.add_option("--runs", runs, "witnesses generated (the median is reported)")->check(CLI::Range(1, 100));
  app.add_option("--shared", shared, "the shared/ folder");
  CLI11_PARSE(app, argc, argv);
  const auto arithmetic = arithmetic_name == "plain" ? Builder::Arithmetic::kPlain : Builder::Arithmetic::kCommitted;

  const auto fixture = bench::load_fixture(shared, circuit);
  if (!fixture) return 1;
  std::size_t constraints = 0;
  const double system_s = seconds_of([&] {
    Builder b(Builder::Mode::kConstraints, arithmetic);
    describe(b, fixture->vk, fixture->proof, fixture->inputs);
    constraints = b.constraints();
  });
  std::vector<double> witness_s;
  bool satisfied = true;
  for (int i = 0; i < runs; ++i) {
    witness_s.push_back(seconds_of([&] {
      Builder b(Builder::Mode::kWitnessOnly, arithmetic);
      satisfied = describe(b, fixture->vk, fixture->proof, fixture->inputs) && satisfied;
    }));
  }
  std::sort(witness_s.begin(), witness_s.end());
  const groth16::PreparedVerifyingKey prepared(fixture->vk);
  double native_s = 0;
  const int native_runs = 20;
  native_s = seconds_of([&] {
    for (int i = 0; i < native_runs; ++i) (void)groth16::verify(prepared, fixture->proof, fixture->inputs);
  }) / native_runs;
  const double median = witness_s[witness_s.size() / 2];
  nlohmann::ordered_json out{{"circuit", circuit},
                             {"arithmetic", arithmetic_name},
                             {"constraints", constraints},
                             {"satisfied", satisfied},
                             {"system_s", system_s},
                             {"witness_s", median},
                             {"native_verify_s", native_s},
                             {"witness_over_native_verify", median / native_s}};
  std::cout << out.dump() << "\n";
  return satisfied ? 0 : 1;
}
