// proofagg's server: the gRPC API over a durable store, the intake verifier, the
// slot scheduler, the prover for registered circuits and the /metrics endpoint,
// wired together. proofagg-server runs one; tests and the demo run one in-process.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "kernels/core/result.hpp"

namespace proofagg::service {

struct ServerOptions {
  std::string listen = "127.0.0.1:50051";   // port 0 picks a free one
  std::string metrics_listen = "127.0.0.1:9464";  // empty: no /metrics
  std::string data_dir = "proofagg-data";   // SQLite database and saved proving keys
  std::string store;                        // default: sqlite:<data_dir>/proofagg.db
  std::string node_id;                      // default: hostname:pid

  // Slot clock; the default genesis is Ethereum mainnet's beacon chain (2020-12-01
  // 12:00:23 UTC), so slot numbers are Ethereum's.
  std::int64_t genesis_unix_ms = 1606824023000;
  std::int64_t slot_ms = 12000;
  std::int64_t cutoff_ms = 3000;
  std::uint64_t max_target_slot_ahead = 64;
  std::size_t max_proofs_per_slot = 1 << 16;

  std::size_t max_batch = 256;
  std::size_t max_queued = 4096;            // intake queue bound
  std::int64_t max_pending_jobs = 1 << 20;  // verified proofs waiting for their slot
  int max_message_bytes = 16 << 20;

  std::string tokens_file;  // per-rollup tokens and rate limits; empty: open server
  std::string tls_cert_file, tls_key_file;
  std::string prover_backend = "auto";  // cpu | cuda | auto

  // Recursive aggregation: a key set's folder (`proofagg aggregation-keys`). With
  // it, closed slots are planned into proving tasks and end proven; without, they
  // end verified_only.
  std::string aggregation_keys;
  // all: the API, the slot scheduler and (with aggregation keys) a proving worker;
  // api: no proving; worker: only proving tasks (no gRPC API, /metrics kept).
  std::string role = "all";
  std::int64_t task_lease_ms = 30000;  // a dead worker's task waits this long for another

  // The store keeps the slot clock it was created with; a server started with
  // another refuses to run unless this is set, and then moves the jobs waiting
  // for a slot to the open slot of the new clock (see JobStore::change_slot_clock).
  bool migrate_slot_clock = false;
};

// Every option inside its range (a zero batch size would hang every submission);
// the error names the option.
Status validate(const ServerOptions& options);

class Server {
 public:
  static Result<std::unique_ptr<Server>> start(const ServerOptions& options);
  ~Server();

  int port() const;  // 0 in the worker role
  int metrics_port() const;
  // Blocks until shutdown() is called from another thread (or a signal handler thread).
  void wait();
  void shutdown();

  struct Parts;  // defined in server.cpp: only start() can build one
  explicit Server(std::unique_ptr<Parts> parts);

 private:
  std::unique_ptr<Parts> parts_;
};

}  // namespace proofagg::service
