// proofagg-bench-prove: Groth16 proving time on a generated circuit, and the files
// peers need to prove the same statement (circuit.r1cs, circuit.zkey, witness.wtns,
// verification_key.json in --dir), so snarkjs and rapidsnark time the same work.
//   proofagg-bench-prove --constraints N --dir DIR [--repeats R] [--backend B]
// The circuit is a chain t_{i+1} = (t_i + i) t_i from a private x, with one public
// output; development keys (toxic waste drawn in this process: benchmark use only).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/r1cs.hpp"
#include "aggregator/groth16/setup.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "aggregator/groth16/wtns.hpp"
#include "aggregator/groth16/zkey.hpp"

namespace {

using proofagg::ff::Fr;
using namespace proofagg::groth16;

// Wires: 0 = one, 1 = output y, 2 = private x, 3.. = t_1 .. t_n (t_1 = x).
void build_chain(std::size_t constraints, R1cs& r1cs, std::vector<Fr>& witness) {
  const std::size_t links = constraints - 1;
  r1cs.n_wires = static_cast<std::uint32_t>(3 + links + 1);
  r1cs.n_public_outputs = 1;
  r1cs.n_private_inputs = 1;
  r1cs.n_labels = r1cs.n_wires;
  witness.assign(r1cs.n_wires, Fr::zero());
  witness[0] = Fr::one();
  witness[2] = Fr::from_u64(3);
  const auto t = [](std::size_t i) { return static_cast<std::uint32_t>(i == 0 ? 2 : 2 + i); };
  for (std::size_t i = 0; i < links; ++i) {
    // (t_i + i * one) * t_i = t_{i+1}
    R1csConstraint c;
    c.a = {{t(i), Fr::one()}, {0, Fr::from_u64(i)}};
    c.b = {{t(i), Fr::one()}};
    c.c = {{t(i + 1), Fr::one()}};
    r1cs.constraints.push_back(c);
    witness[t(i + 1)] = (witness[t(i)] + Fr::from_u64(i)) * witness[t(i)];
  }
  // t_links * one = y
  r1cs.constraints.push_back({{{t(links), Fr::one()}}, {{0, Fr::one()}}, {{1, Fr::one()}}});
  witness[1] = witness[t(links)];
}

template <class Bytes>
void write_file(const std::filesystem::path& path, const Bytes& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"proofagg-bench-prove: Groth16 proving time on a generated circuit"};
  std::size_t constraints = 1 << 16;
  std::string dir = "prove-bench";
  int repeats = 3;
  std::string backend_name = "cpu";
  app.add_option("--constraints", constraints, "R1CS constraints")->check(CLI::Range(2, 1 << 24));
  app.add_option("--dir", dir, "where the circuit, keys and witness are written");
  app.add_option("--repeats", repeats, "timed proofs")->check(CLI::Range(1, 100));
  app.add_option("--backend", backend_name, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  CLI11_PARSE(app, argc, argv);
  const proofagg::Backend backend = *proofagg::parse_backend(backend_name);

  R1cs r1cs;
  std::vector<Fr> witness;
  build_chain(constraints, r1cs, witness);
  if (!r1cs.is_satisfied_by(witness)) {
    std::cerr << "generated witness does not satisfy the circuit\n";
    return 1;
  }
  auto start = std::chrono::steady_clock::now();
  const auto key = development_setup(r1cs);
  if (!key) {
    std::cerr << key.error() << "\n";
    return 1;
  }
  const double setup_ms = ms_since(start);
  std::filesystem::create_directories(dir);
  const std::filesystem::path out(dir);
  const auto zkey_bytes = write_zkey(*key);
  write_file(out / "circuit.zkey", zkey_bytes);
  write_file(out / "circuit.r1cs", write_r1cs(r1cs));
  write_file(out / "witness.wtns", write_wtns(witness));
  std::ofstream(out / "verification_key.json") << snarkjs::format_verifying_key(key->verifying_key()) << "\n";

  start = std::chrono::steady_clock::now();
  const auto loaded = read_zkey(zkey_bytes);  // what `proofagg prove` pays once per key
  const double load_ms = ms_since(start);
  const PreparedVerifyingKey vk(loaded->verifying_key());
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    start = std::chrono::steady_clock::now();
    const auto proof = prove(*loaded, witness, backend);
    times.push_back(ms_since(start));
    if (!proof || !*verify(vk, proof->proof, proof->public_signals)) {
      std::cerr << "the benchmark's proof does not verify\n";
      return 1;
    }
  }
  std::sort(times.begin(), times.end());
  const nlohmann::json line = {{"op", "groth16-prove"},       {"constraints", constraints},
                               {"domain", key->domain_size}, {"backend", proofagg::backend_name(*proofagg::resolve_backend(backend))},
                               {"repeats", repeats},         {"median_ms", times[times.size() / 2]},
                               {"min_ms", times.front()},    {"zkey_load_ms", load_ms},
                               {"setup_ms", setup_ms},       {"dir", dir}};
  std::cout << line.dump() << std::endl;
  return 0;
}
