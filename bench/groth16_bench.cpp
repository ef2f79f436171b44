// proofagg-bench-groth16: Groth16 verification throughput on snarkjs's fixtures,
// single proofs (one per core at a time) against batches (random linear combination,
// parallel inside), one JSON line per run.
//   proofagg-bench-groth16 [--circuit NAME] [--batch N] [--seconds S]
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <vector>

#include "aggregator/groth16/verifier.hpp"
#include "bench/fixture.hpp"
#include "kernels/core/parallel.hpp"

namespace {

// Runs `once` (which verifies `per_call` proofs) for about `seconds`; proofs per second.
template <class F>
double throughput(double seconds, std::size_t per_call, F&& once) {
  once();  // warm-up
  std::size_t proofs = 0;
  const auto start = std::chrono::steady_clock::now();
  double elapsed = 0;
  while (elapsed < seconds) {
    once();
    proofs += per_call;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return static_cast<double>(proofs) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace proofagg;
  CLI::App app{"proofagg-bench-groth16: single vs batch Groth16 verification throughput"};
  std::string circuit = "poseidon_chain";
  std::size_t batch = 64;
  double seconds = 3;
  std::string shared = PROOFAGG_SHARED_DIR;
  app.add_option("--circuit", circuit, "fixture circuit under shared/fixtures/snarkjs");
  app.add_option("--batch", batch, "proofs per batch")->check(CLI::Range(1, 1 << 20));
  app.add_option("--seconds", seconds, "time per measurement");
  app.add_option("--shared", shared, "the shared/ folder");
  CLI11_PARSE(app, argc, argv);

  const auto fixture = bench::load_fixture(shared, circuit);
  if (!fixture) return 1;
  const groth16::PreparedVerifyingKey prepared(fixture->vk);
  const std::vector<groth16::BatchItem> items(batch, groth16::BatchItem{&prepared, fixture->proof, fixture->inputs});
  bool all_valid = true;
  // Single proofs use every core too: one independent verification per thread.
  const std::size_t threads = static_cast<std::size_t>(max_threads());
  std::vector<char> single_ok(threads, 1);
  const double single = throughput(seconds, threads, [&] {
    parallel_for(threads, 2, [&](std::size_t t) { single_ok[t] &= *groth16::verify(prepared, fixture->proof, fixture->inputs); });
  });
  for (const char ok : single_ok) all_valid &= ok != 0;
  const double batched = throughput(seconds, batch, [&] {
    for (const bool v : groth16::verify_batch(items)) all_valid &= v;
  });
  if (!all_valid) {
    std::cerr << "a fixture failed to verify\n";
    return 1;
  }
  const nlohmann::json line = {{"op", "groth16-verify"},         {"circuit", circuit},
                               {"batch", batch},                 {"threads", threads},
                               {"single_proofs_per_s", single},  {"batch_proofs_per_s", batched},
                               {"speedup", batched / single}};
  std::cout << line.dump() << std::endl;
  return 0;
}
