// proofagg-load: drives SubmitProof over loopback and reports accepted proofs/s and
// intake latency (p50/p99). Without --server it starts a server in-process on a
// temporary SQLite store, as a newcomer's machine would run it. Proofs are valid
// Groth16 proofs of distinct statements (the service keeps one job per statement
// and slot, so re-randomised copies of one proof would all be duplicates): the
// fixture multiplier circuit, c = a * b, proven for c t = (a t) b with fresh t. As a
// peer in the same run it measures plain single-proof verification throughput on
// all cores, the work the service must at least do.
#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>

#include "aggregator/groth16/evm_calldata.hpp"
#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/randomness.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "aggregator/groth16/wtns.hpp"
#include "aggregator/groth16/zkey.hpp"
#include "kernels/core/parallel.hpp"
#include "proofagg/v1/proofagg.grpc.pb.h"
#include "service/common/files.hpp"
#include "service/server/server.hpp"

namespace {

using namespace proofagg;
using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"proofagg-load: SubmitProof throughput and latency over loopback"};
  // The multiplier's witness is [1, c, a, b]: scaling c and a by t keeps c = a b.
  const std::string circuit = "multiplier", witness_name = "witness_0.wtns";
  std::string server_address, store;
  std::string fixtures = std::string(PROOFAGG_SHARED_DIR) + "/fixtures/snarkjs";
  std::size_t proofs = 4000, concurrency = 32;
  app.add_option("--server", server_address, "a running server (default: start one in-process)");
  app.add_option("--store", store, "the in-process server's store (default: SQLite in a temporary folder)");
  app.add_option("--fixtures", fixtures, "snarkjs fixtures folder")->capture_default_str();
  app.add_option("--proofs", proofs, "distinct proofs to submit")->capture_default_str();
  app.add_option("--concurrency", concurrency, "calls in flight")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const auto zkey_bytes = read_binary_file(fixtures + "/" + circuit + "/" + circuit + ".zkey");
  const auto witness_bytes = read_binary_file(fixtures + "/" + circuit + "/" + witness_name);
  if (!zkey_bytes || !witness_bytes) {
    std::cerr << "cannot read the fixture circuit " << circuit << " under " << fixtures << "\n";
    return 2;
  }
  const auto zkey = groth16::read_zkey(*zkey_bytes);
  const auto witness = groth16::read_wtns(*witness_bytes);
  if (!zkey || !witness) {
    std::cerr << "cannot read the fixture circuit " << circuit << " under " << fixtures << "\n";
    return 2;
  }
  // One real proof, re-randomised: (A / t, t B, C) verifies whenever (A, B, C) does,
  // since e(A / t, t B) = e(A, B); each t gives a distinct proof, far faster than proving.
  std::cerr << "proving " << proofs << " distinct statements of " << circuit << "...\n";
  if (witness->size() != 4) {
    std::cerr << "the " << circuit << " witness should be [1, c, a, b]\n";
    return 2;
  }
  std::vector<groth16::ProofWithPublic> made(proofs);
  std::random_device entropy;
  std::vector<ff::Fr> factors(proofs);
  for (auto& t : factors) t = groth16::random_nonzero_scalar(entropy);
  std::atomic<bool> failed{false};
  parallel_for(proofs, 16, [&](std::size_t i) {
    std::vector<ff::Fr> scaled = *witness;
    scaled[1] = scaled[1] * factors[i];
    scaled[2] = scaled[2] * factors[i];
    auto proved = groth16::prove(*zkey, scaled, Backend::kCpu);
    if (!proved) {
      failed = true;
      return;
    }
    made[i] = std::move(*proved);
  });
  if (failed) {
    std::cerr << "proving the statements failed\n";
    return 1;
  }

  // Peer: verification alone, one proof at a time per core.
  const groth16::PreparedVerifyingKey prepared(zkey->verifying_key());
  const std::size_t peer_count = std::min<std::size_t>(proofs, 1000);
  const auto peer_start = Clock::now();
  std::atomic<std::size_t> peer_valid{0};
  parallel_for(peer_count, 1, [&](std::size_t i) {
    if (*groth16::verify(prepared, made[i].proof, made[i].public_signals)) ++peer_valid;
  });
  const double peer_seconds = std::chrono::duration<double>(Clock::now() - peer_start).count();

  const bool remote = !server_address.empty();
  std::unique_ptr<service::Server> server;
  const auto data_dir = std::filesystem::temp_directory_path() / ("proofagg_load_" + std::to_string(getpid()));
  if (server_address.empty()) {
    service::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.metrics_listen = "";
    options.data_dir = data_dir.string();
    options.max_queued = 1 << 16;
    options.store = store;
    auto started = service::Server::start(options);
    if (!started) {
      std::cerr << started.error() << "\n";
      return 1;
    }
    server = std::move(*started);
    server_address = "127.0.0.1:" + std::to_string(server->port());
  }
  auto channel = grpc::CreateChannel(server_address, grpc::InsecureChannelCredentials());
  auto stub = v1::ProofAggregator::NewStub(channel);
  v1::RegisterVerifyingKeyRequest key_request;
  key_request.set_zkey(std::string(zkey_bytes->begin(), zkey_bytes->end()));
  v1::RegisterVerifyingKeyResponse key;
  {
    grpc::ClientContext c;
    if (auto s = stub->RegisterVerifyingKey(&c, key_request, &key); !s.ok()) {
      std::cerr << "register: " << s.error_message() << "\n";
      return 1;
    }
  }
  std::vector<v1::SubmitProofRequest> requests(proofs);
  for (std::size_t i = 0; i < proofs; ++i) {
    const auto proof = groth16::evm_calldata::encode_proof(made[i].proof);
    const auto inputs = groth16::evm_calldata::encode_public_inputs(made[i].public_signals);
    requests[i].set_vk_hash(key.vk_hash());
    requests[i].mutable_proof()->set_evm_calldata(std::string(proof.begin(), proof.end()));
    requests[i].mutable_public_signals()->set_evm_calldata(std::string(inputs.begin(), inputs.end()));
    requests[i].set_rollup_id("load");
  }

  std::cerr << "submitting with " << concurrency << " calls in flight...\n";
  std::atomic<std::size_t> next{0}, accepted{0};
  std::vector<std::vector<double>> latencies(concurrency);
  std::vector<std::string> errors(concurrency);
  const auto start = Clock::now();
  std::vector<std::thread> clients;
  for (std::size_t t = 0; t < concurrency; ++t) {
    clients.emplace_back([&, t] {
      for (std::size_t i; (i = next++) < proofs;) {
        grpc::ClientContext c;
        c.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        v1::SubmitProofResponse response;
        const auto sent = Clock::now();
        const auto status = stub->SubmitProof(&c, requests[i], &response);
        latencies[t].push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        if (status.ok()) {
          ++accepted;
        } else if (errors[t].empty()) {
          errors[t] = status.error_message();
        }
      }
    });
  }
  for (auto& c : clients) c.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  for (const auto& e : errors) {
    if (!e.empty()) std::cerr << "a call failed: " << e << "\n";
  }

  server.reset();
  std::filesystem::remove_all(data_dir);
  const double accepted_per_second = static_cast<double>(accepted) / seconds;
  const double verify_per_second = static_cast<double>(peer_valid) / peer_seconds;
  std::cout << nlohmann::json{{"op", "submit"},
                              {"store", remote          ? "remote (the server's own)"
                                        : store.empty() ? "sqlite"
                                                        : store.substr(0, store.find(':'))},
                              {"circuit", circuit},
                              {"proofs", proofs},
                              {"accepted", accepted.load()},
                              {"concurrency", concurrency},
                              {"seconds", seconds},
                              {"accepted_per_second", accepted_per_second},
                              {"p50_ms", percentile(all, 0.50)},
                              {"p99_ms", percentile(all, 0.99)},
                              {"peer_single_verify_per_second", verify_per_second},
                              {"ratio_to_peer", accepted_per_second / verify_per_second}}
                   .dump()
            << "\n";
  return accepted == proofs ? 0 : 1;
}
