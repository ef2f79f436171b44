// proofagg-server: the gRPC service with its store, slot scheduler and metrics.
// Options come from flags or a config file (--config FILE, TOML/INI key = value).
#include <CLI/CLI.hpp>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <thread>

#include "service/common/version.hpp"
#include "service/server/server.hpp"

int main(int argc, char** argv) {
  proofagg::service::ServerOptions o;
  CLI::App app{"proofagg-server: Groth16 proof aggregation service (gRPC)"};
  app.set_config("--config", "", "config file (TOML or INI: one 'option = value' per line)");
  // A misspelt key in a config file would otherwise be ignored silently.
  app.allow_config_extras(CLI::config_extras_mode::error);
  app.set_version_flag("--version", std::string("proofagg-server ") + proofagg::kVersion);
  app.add_option("--listen", o.listen, "gRPC address")->capture_default_str();
  app.add_option("--metrics-listen", o.metrics_listen, "Prometheus /metrics address (empty: off)")->capture_default_str();
  app.add_option("--data-dir", o.data_dir, "SQLite database and saved proving keys")->capture_default_str();
  app.add_option("--store", o.store, "sqlite:PATH or postgresql://... (default: sqlite:DATA_DIR/proofagg.db)");
  app.add_option("--node-id", o.node_id, "this process in slot claims (default: host:pid)");
  app.add_option("--genesis-unix-ms", o.genesis_unix_ms, "slot 0 start (default: Ethereum mainnet beacon genesis)")
      ->capture_default_str();
  app.add_option("--slot-ms", o.slot_ms, "slot length")->capture_default_str();
  app.add_option("--cutoff-ms", o.cutoff_ms, "stop taking proofs for a slot this long before it ends")
      ->capture_default_str();
  app.add_option("--max-target-slot-ahead", o.max_target_slot_ahead, "furthest target_slot accepted, in slots")
      ->capture_default_str();
  app.add_option("--max-proofs-per-slot", o.max_proofs_per_slot, "more wait for the next slot")->capture_default_str();
  app.add_option("--max-batch", o.max_batch, "proofs per intake verification batch")->capture_default_str();
  app.add_option("--max-queued", o.max_queued, "intake queue bound (RESOURCE_EXHAUSTED beyond)")->capture_default_str();
  app.add_option("--max-pending-jobs", o.max_pending_jobs, "verified proofs waiting for a slot, at most")
      ->capture_default_str();
  app.add_option("--max-message-bytes", o.max_message_bytes, "gRPC message size limit")->capture_default_str();
  app.add_option("--tokens-file", o.tokens_file, "per-rollup tokens and rate limits (JSON); none: open server");
  app.add_option("--tls-cert", o.tls_cert_file, "PEM certificate chain (TLS when given with --tls-key)");
  app.add_option("--tls-key", o.tls_key_file, "PEM private key");
  app.add_flag("--migrate-slot-clock", o.migrate_slot_clock,
               "the store has another slot clock: adopt this one and move waiting jobs to its next slot");
  app.add_option("--prover-backend", o.prover_backend, "cpu | cuda | auto")
      ->check(CLI::IsMember({"cpu", "cuda", "auto"}))
      ->capture_default_str();
  app.add_option("--aggregation-keys", o.aggregation_keys,
                 "key set folder (proofagg aggregation-keys): slots end proven; none: verified_only");
  app.add_option("--role", o.role, "all: API, slots and proving; api: no proving; worker: proving tasks only")
      ->check(CLI::IsMember({"all", "api", "worker"}))
      ->capture_default_str();
  app.add_option("--task-lease-ms", o.task_lease_ms, "a proving task's lease (a dead worker's task waits this long)")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  spdlog::set_default_logger(spdlog::stderr_color_mt("proofagg-server"));  // logs on stderr, like any daemon

  // SIGINT/SIGTERM are taken by one thread, which shuts the server down cleanly.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (auto valid = proofagg::service::validate(o); !valid) {
    std::cerr << valid.error() << "\n";
    return 2;
  }
  auto server = proofagg::service::Server::start(o);
  if (!server) {
    spdlog::error("{}", server.error());
    return 1;
  }
  std::thread waiter([&] {
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("signal {}: shutting down", received);
    (*server)->shutdown();
  });
  (*server)->wait();  // returns once the signal thread has shut the server down
  waiter.join();
  return 0;
}
