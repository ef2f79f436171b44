#include "service/cli/client_command.hpp"

#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <ostream>

#include "aggregator/groth16/evm_calldata.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "kernels/core/hex.hpp"
#include "proofagg/v1/proofagg.grpc.pb.h"
#include "service/common/files.hpp"
#include "service/cli/verify_command.hpp"

namespace proofagg::cli {
namespace {

constexpr int kExitCallFailed = 1;

std::string hex_of(const std::string& bytes) {
  return "0x" + hex_encode({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
}

const char* status_code_name(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    default: return "ERROR";
  }
}

int report(const grpc::Status& status, std::ostream& err) {
  err << status_code_name(status.error_code());
  if (!status.error_message().empty()) err << ": " << status.error_message();
  err << "\n";
  return kExitCallFailed;
}

class Connection {
 public:
  // An unreadable --tls-ca is an error: falling back to the system's roots (or to
  // plain text) would talk to a server the user did not mean to trust.
  static Result<Connection> open(const ClientArgs& args) {
    std::shared_ptr<grpc::ChannelCredentials> creds = grpc::InsecureChannelCredentials();
    if (!args.tls_ca_file.empty()) {
      auto ca = read_text_file(args.tls_ca_file);
      if (!ca) return ca.failure().prefixed("--tls-ca: ");
      if (ca->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
        return make_error("--tls-ca: " + args.tls_ca_file + " holds no PEM certificate");
      }
      grpc::SslCredentialsOptions ssl;
      ssl.pem_root_certs = *ca;
      creds = grpc::SslCredentials(ssl);
    }
    return Connection(args, std::move(creds));
  }
  // A fresh context per call; streams get no deadline.
  std::unique_ptr<grpc::ClientContext> context(bool with_deadline = true) const {
    auto c = std::make_unique<grpc::ClientContext>();
    if (with_deadline) {
      c->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::milliseconds(static_cast<std::int64_t>(args_.timeout_seconds * 1000)));
    }
    if (!args_.token.empty()) c->AddMetadata("authorization", "Bearer " + args_.token);
    return c;
  }
  v1::ProofAggregator::Stub& stub() { return *stub_; }

 private:
  Connection(const ClientArgs& args, std::shared_ptr<grpc::ChannelCredentials> creds) : args_(args) {
    grpc::ChannelArguments channel_args;
    channel_args.SetMaxReceiveMessageSize(64 << 20);
    stub_ = v1::ProofAggregator::NewStub(grpc::CreateCustomChannel(args.server, creds, channel_args));
    if (args_.token.empty()) {
      if (const char* env = std::getenv("PROOFAGG_TOKEN")) args_.token = env;
    }
  }

  ClientArgs args_;
  std::unique_ptr<v1::ProofAggregator::Stub> stub_;
};

const char* job_state_name(v1::JobState s) {
  switch (s) {
    case v1::JOB_STATE_QUEUED: return "queued";
    case v1::JOB_STATE_VERIFIED: return "verified";
    case v1::JOB_STATE_AGGREGATING: return "aggregating";
    case v1::JOB_STATE_INCLUDED: return "included";
    case v1::JOB_STATE_FAILED: return "failed";
    default: return "unspecified";
  }
}

const char* aggregate_state_name(v1::AggregateState s) {
  switch (s) {
    case v1::AGGREGATE_STATE_OPEN: return "open";
    case v1::AGGREGATE_STATE_PROVEN: return "proven";
    case v1::AGGREGATE_STATE_PROVING: return "proving";
    case v1::AGGREGATE_STATE_VERIFIED_ONLY: return "verified_only";
    case v1::AGGREGATE_STATE_EMPTY: return "empty";
    default: return "unspecified";
  }
}

nlohmann::json to_json(const v1::Job& job) {
  nlohmann::json j{{"job_id", job.job_id()},
                   {"state", job_state_name(job.state())},
                   {"rollup_id", job.rollup_id()},
                   {"vk_hash", hex_of(job.vk_hash())},
                   {"slot", job.slot()},
                   {"submitted_at_unix", job.submitted_at().seconds()}};
  if (!job.failure_reason().empty()) j["failure_reason"] = job.failure_reason();
  if (job.has_inclusion()) {
    nlohmann::json siblings = nlohmann::json::array();
    for (const std::string& s : job.inclusion().siblings()) siblings.push_back(hex_of(s));
    j["inclusion"] = {{"aggregate_id", job.inclusion().aggregate_id()},
                      {"leaf_index", job.inclusion().leaf_index()},
                      {"siblings", siblings},
                      {"root", hex_of(job.inclusion().root())}};
  }
  return j;
}

nlohmann::json to_json(const v1::SlotAggregate& a) {
  nlohmann::json j{{"slot", a.slot()}, {"state", aggregate_state_name(a.state())}, {"count", a.count()}};
  if (!a.aggregate_id().empty()) j["aggregate_id"] = a.aggregate_id();
  if (!a.root().empty()) j["root"] = hex_of(a.root());
  if (a.has_aggregate_proof()) j["aggregate_proof"] = hex_of(a.aggregate_proof().evm_calldata());
  if (a.has_aggregate_public_signals()) {
    nlohmann::json words = nlohmann::json::array();
    const std::string& bytes = a.aggregate_public_signals().evm_calldata();
    for (std::size_t i = 0; i + 32 <= bytes.size(); i += 32) words.push_back(hex_of(bytes.substr(i, 32)));
    j["aggregate_public_signals"] = words;
  }
  if (!a.wrapper_vk_hash().empty()) j["wrapper_vk_hash"] = hex_of(a.wrapper_vk_hash());
  const auto unix_ms = [](const google::protobuf::Timestamp& t) { return t.seconds() * 1000 + t.nanos() / 1000000; };
  if (a.has_closed_at()) j["closed_at_unix_ms"] = unix_ms(a.closed_at());
  if (a.has_proven_at()) j["proven_at_unix_ms"] = unix_ms(a.proven_at());
  j["job_ids"] = a.job_ids();
  if (!a.note().empty()) j["note"] = a.note();
  return j;
}

std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Reads a file of 0x-hex EVM calldata.
Result<std::string> read_calldata_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return text.failure();
  std::string_view hex = *text;
  while (!hex.empty() && std::isspace(static_cast<unsigned char>(hex.back()))) hex.remove_suffix(1);
  while (!hex.empty() && std::isspace(static_cast<unsigned char>(hex.front()))) hex.remove_prefix(1);
  auto bytes = hex_decode(hex);  // takes the 0x prefix itself
  if (!bytes) return bytes.failure().prefixed(path + ": ");
  return std::string(bytes->begin(), bytes->end());
}

}  // namespace

int run_register_vk(const ClientArgs& client, const RegisterVkArgs& args, std::ostream& out, std::ostream& err) {
  v1::RegisterVerifyingKeyRequest request;
  if (args.vk_path.empty() == args.zkey_path.empty()) {
    err << "give exactly one of --vk and --zkey\n";
    return kExitMalformed;
  }
  if (!args.vk_path.empty()) {
    auto text = read_text_file(args.vk_path);
    if (!text) return err << text.error() << "\n", kExitMalformed;
    request.set_snarkjs_json(*text);
  } else {
    auto bytes = read_binary_file(args.zkey_path);
    if (!bytes) return err << bytes.error() << "\n", kExitMalformed;
    request.set_zkey(std::string(bytes->begin(), bytes->end()));
  }
  if (args.submitters) {
    for (const std::string& rollup : *args.submitters) request.mutable_submitters()->add_rollup_ids(rollup);
  }
  auto connection = Connection::open(client);
  if (!connection) return err << connection.error() << "\n", kExitMalformed;
  v1::RegisterVerifyingKeyResponse response;
  if (auto s = connection->stub().RegisterVerifyingKey(connection->context().get(), request, &response); !s.ok()) {
    return report(s, err);
  }
  out << nlohmann::json{{"vk_hash", hex_of(response.vk_hash())}}.dump() << "\n";
  return 0;
}

int run_submit(const ClientArgs& client, const SubmitArgs& args, std::ostream& out, std::ostream& err) {
  const auto vk_hash = hex_decode(args.vk_hash);
  if (!vk_hash) return err << "--vk-hash: " << vk_hash.error() << "\n", kExitMalformed;
  const bool calldata = args.encoding == SubmitArgs::Encoding::kEvmCalldata;
  const auto read = calldata ? read_calldata_file : read_text_file;
  auto proof = read(args.proof_path);
  if (!proof) return err << proof.error() << "\n", kExitMalformed;
  auto signals = read(args.public_path);
  if (!signals) return err << signals.error() << "\n", kExitMalformed;
  v1::SubmitProofRequest request;
  request.set_vk_hash(std::string(vk_hash->begin(), vk_hash->end()));
  if (calldata) {
    request.mutable_proof()->set_evm_calldata(*proof);
    request.mutable_public_signals()->set_evm_calldata(*signals);
  } else {
    request.mutable_proof()->set_snarkjs_json(*proof);
    request.mutable_public_signals()->set_snarkjs_json(*signals);
  }
  request.set_rollup_id(args.rollup_id);
  if (args.target_slot) request.set_target_slot(*args.target_slot);
  auto connection = Connection::open(client);
  if (!connection) return err << connection.error() << "\n", kExitMalformed;
  v1::SubmitProofResponse response;
  if (auto s = connection->stub().SubmitProof(connection->context().get(), request, &response); !s.ok()) {
    return report(s, err);
  }
  out << nlohmann::json{{"job_id", response.job_id()}, {"slot", response.slot()}}.dump() << "\n";
  return 0;
}

int run_status(const ClientArgs& client, const std::string& job_id, std::ostream& out, std::ostream& err) {
  auto connection = Connection::open(client);
  if (!connection) return err << connection.error() << "\n", kExitMalformed;
  v1::GetJobRequest request;
  request.set_job_id(job_id);
  v1::Job job;
  if (auto s = connection->stub().GetJob(connection->context().get(), request, &job); !s.ok()) return report(s, err);
  out << to_json(job).dump() << "\n";
  return 0;
}

int run_watch(const ClientArgs& client, const std::string& job_id, std::ostream& out, std::ostream& err) {
  auto connection = Connection::open(client);
  if (!connection) return err << connection.error() << "\n", kExitMalformed;
  v1::GetJobRequest request;
  request.set_job_id(job_id);
  auto context = connection->context(false);
  auto reader = connection->stub().WatchJob(context.get(), request);
  for (v1::Job job; reader->Read(&job);) out << to_json(job).dump() << std::endl;
  if (auto s = reader->Finish(); !s.ok()) return report(s, err);
  return 0;
}

int run_aggregate_get(const ClientArgs& client, const AggregateGetArgs& args, std::ostream& out, std::ostream& err) {
  auto connection = Connection::open(client);
  if (!connection) return err << connection.error() << "\n", kExitMalformed;
  v1::SlotAggregate aggregate;
  if (!args.wait) {
    v1::GetSlotAggregateRequest request;
    request.set_slot(args.slot);
    if (auto s = connection->stub().GetSlotAggregate(connection->context().get(), request, &aggregate); !s.ok()) {
      return report(s, err);
    }
  } else {
    v1::WatchAggregatesRequest request;
    request.set_from_slot(args.slot);
    auto context = connection->context(false);
    auto reader = connection->stub().WatchAggregates(context.get(), request);
    // The first result for the slot, then (while it is proving) its final one.
    do {
      if (!reader->Read(&aggregate)) return report(reader->Finish(), err);
    } while (aggregate.slot() != args.slot || aggregate.state() == v1::AGGREGATE_STATE_PROVING);
    context->TryCancel();
    (void)reader->Finish();
  }
  out << to_json(aggregate).dump(1) << "\n";
  if (!args.out_dir.empty()) {
    if (aggregate.state() != v1::AGGREGATE_STATE_PROVEN) {
      err << "slot " << aggregate.slot() << " has no aggregate proof (" << aggregate_state_name(aggregate.state())
          << "); nothing written\n";
      return kExitInvalid;
    }
    const auto proof = groth16::evm_calldata::decode_proof(bytes_of(aggregate.aggregate_proof().evm_calldata()));
    const auto signals =
        groth16::evm_calldata::decode_public_inputs(bytes_of(aggregate.aggregate_public_signals().evm_calldata()));
    if (!proof || !signals) return err << "the server sent an unreadable aggregate\n", kExitMalformed;
    std::error_code ec;
    std::filesystem::create_directories(args.out_dir, ec);
    const auto path = [&](const char* name) { return (std::filesystem::path(args.out_dir) / name).string(); };
    for (const auto& [name, text] : {std::pair{"proof.json", groth16::snarkjs::format_proof(*proof)},
                                     std::pair{"public.json", groth16::snarkjs::format_public_signals(*signals)}}) {
      if (Status s = write_text_file(path(name), text); !s) return err << s.error() << "\n", kExitMalformed;
    }
  }
  return 0;
}

}  // namespace proofagg::cli
