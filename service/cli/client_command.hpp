// The gRPC client subcommands of `proofagg`: register-vk, submit, status, watch and
// aggregate-get. Each prints JSON on stdout (bytes as 0x-hex) and exits 0; a failed
// call prints "CODE: message" on stderr and exits 1; unreadable input files exit 2.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace proofagg::cli {

struct ClientArgs {
  std::string server = "127.0.0.1:50051";
  std::string token;        // bearer token (default: $PROOFAGG_TOKEN)
  std::string tls_ca_file;  // TLS with this root certificate when set
  double timeout_seconds = 30;
};

struct RegisterVkArgs {
  std::string vk_path;    // verification_key.json, or
  std::string zkey_path;  // a .zkey whose verifying key is registered
  // With tokens: the other rollups that may submit against the key ("*": any); the
  // owner registering again replaces the list.
  std::optional<std::vector<std::string>> submitters;
};
int run_register_vk(const ClientArgs& client, const RegisterVkArgs& args, std::ostream& out, std::ostream& err);

struct SubmitArgs {
  enum class Encoding {
    kSnarkjsJson,  // proof.json and public.json
    kEvmCalldata,  // files of 0x-hex: uint256[8] proof (EIP-197 order) and uint256[] public inputs
  };
  std::string vk_hash;  // hex
  std::string proof_path, public_path;
  Encoding encoding = Encoding::kSnarkjsJson;
  std::string rollup_id;
  std::optional<std::uint64_t> target_slot;
};
int run_submit(const ClientArgs& client, const SubmitArgs& args, std::ostream& out, std::ostream& err);

int run_status(const ClientArgs& client, const std::string& job_id, std::ostream& out, std::ostream& err);
// One JSON line per state change until the job is included or failed (no timeout).
int run_watch(const ClientArgs& client, const std::string& job_id, std::ostream& out, std::ostream& err);
struct AggregateGetArgs {
  std::uint64_t slot = 0;
  // Block until the slot's result is final (WatchAggregates: closed, and proven or
  // not) instead of reporting it open or proving.
  bool wait = false;
  // Where a proven aggregate's proof.json and public.json (snarkjs) go; empty: none.
  std::string out_dir;
};
int run_aggregate_get(const ClientArgs& client, const AggregateGetArgs& args, std::ostream& out, std::ostream& err);

}  // namespace proofagg::cli
