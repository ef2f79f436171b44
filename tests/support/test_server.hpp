// Options for a server started by a test: loopback on a free port, no /metrics,
// one-second slots starting now (so a slot closes within a test), the given folder.
#pragma once

#include <chrono>
#include <filesystem>

#include "service/server/server.hpp"

namespace proofagg::testing {

inline service::ServerOptions test_server_options(const std::filesystem::path& data_dir) {
  service::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.metrics_listen = "";
  options.data_dir = data_dir.string();
  options.slot_ms = 1000;
  options.cutoff_ms = 200;
  options.genesis_unix_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  options.prover_backend = "cpu";
  return options;
}

}  // namespace proofagg::testing
