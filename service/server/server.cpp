#include "service/server/server.hpp"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>

#include "kernels/cuda/device_info.hpp"
#include "service/common/files.hpp"
#include "service/server/grpc_service.hpp"
#include "service/server/scheduler.hpp"

namespace proofagg::service {
namespace {

constexpr auto kGaugeRefresh = std::chrono::seconds(5);

std::string default_node_id() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

Result<std::shared_ptr<grpc::ServerCredentials>> credentials(const ServerOptions& options) {
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return make_error("TLS needs both a certificate and a key file");
  }
  if (options.tls_cert_file.empty()) return grpc::InsecureServerCredentials();
  const auto cert = read_text_file(options.tls_cert_file);
  if (!cert) return Error{cert.error()};
  const auto key = read_text_file(options.tls_key_file);
  if (!key) return Error{key.error()};
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(ssl);
}

std::int64_t waiting_for_a_slot(const std::map<store::JobState, std::uint64_t>& counts) {
  std::int64_t waiting = 0;
  for (auto state : {store::JobState::kVerified, store::JobState::kAggregating}) {
    if (const auto it = counts.find(state); it != counts.end()) waiting += static_cast<std::int64_t>(it->second);
  }
  return waiting;
}

}  // namespace

struct Server::Parts {
  explicit Parts(const ServerOptions& o)
      : options(o),
        clock(SlotClock::Clock::time_point(std::chrono::milliseconds(o.genesis_unix_ms)),
              std::chrono::milliseconds(o.slot_ms), std::chrono::milliseconds(o.cutoff_ms)) {}

  ~Parts() {
    stop_serving();
    {
      std::lock_guard lock(gauge_mutex);
      gauge_stop = true;
    }
    gauge_wake.notify_all();
    if (gauges.joinable()) gauges.join();
  }

  // Ends watch streams (they see `stopping` once woken) and lets calls in flight
  // finish for up to two seconds. Safe to call twice.
  void stop_serving() {
    stopping = true;
    feed.publish();
    if (grpc_server) grpc_server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  }

  // Also resets the pending-jobs bound's counter from the store, which is exact where
  // this process's own counting drifts (other servers include its jobs, and it theirs).
  void refresh_gauges() {
    const auto counts = store->count_by_state();
    if (counts) {
      for (auto state : {store::JobState::kQueued, store::JobState::kVerified, store::JobState::kAggregating,
                         store::JobState::kIncluded, store::JobState::kFailed}) {
        const auto it = counts->find(state);
        metrics.set_jobs_in_state(state, it == counts->end() ? 0.0 : static_cast<double>(it->second));
      }
      pending_jobs = waiting_for_a_slot(*counts);
    }
    metrics.device_memory_in_use.Set(static_cast<double>(cuda::device_status().memory_in_use_bytes));
  }

  ServerOptions options;
  SlotClock clock;
  Metrics metrics;
  std::unique_ptr<store::JobStore> store;
  std::unique_ptr<KeyRegistry> keys;
  std::unique_ptr<ProvingKeys> proving_keys;
  Authenticator auth;
  ChangeFeed feed;
  std::atomic<std::int64_t> pending_jobs{0};
  std::atomic<bool> stopping{false};
  std::unique_ptr<Intake> intake;
  std::unique_ptr<SlotScheduler> scheduler;
  std::unique_ptr<ProofAggregatorService> service;
  std::unique_ptr<grpc::Server> grpc_server;
  int port = 0;

  std::mutex gauge_mutex;
  std::condition_variable gauge_wake;
  bool gauge_stop = false;
  std::thread gauges;
};

Result<std::unique_ptr<Server>> Server::start(const ServerOptions& options) {
  auto parts = std::make_unique<Parts>(options);
  ServerOptions& o = parts->options;
  if (o.slot_ms <= 0 || o.cutoff_ms < 0 || o.cutoff_ms >= o.slot_ms) {
    return make_error("the slot length must be positive and the cut-off shorter than a slot");
  }
  if (o.node_id.empty()) o.node_id = default_node_id();
  const auto backend = parse_backend(o.prover_backend);
  if (!backend) return Error{backend.error()};
  auto creds = credentials(o);
  if (!creds) return Error{creds.error()};

  std::error_code ec;
  std::filesystem::create_directories(o.data_dir, ec);
  if (ec) return make_error("cannot create the data directory " + o.data_dir + ": " + ec.message());
  if (o.store.empty()) o.store = "sqlite:" + (std::filesystem::path(o.data_dir) / "proofagg.db").string();
  auto store = store::open_store(o.store);
  if (!store) return Error{store.error()};
  parts->store = std::move(*store);

  const auto counts = parts->store->count_by_state();
  if (!counts) return Error{counts.error()};
  parts->pending_jobs = waiting_for_a_slot(*counts);

  parts->keys = std::make_unique<KeyRegistry>(*parts->store);
  if (Status s = parts->keys->load(); !s) return Error{s.error()};
  parts->proving_keys = std::make_unique<ProvingKeys>((std::filesystem::path(o.data_dir) / "zkeys").string(), *backend);
  if (Status s = parts->proving_keys->load(); !s) return Error{s.error()};

  if (!o.tokens_file.empty()) {
    const auto text = read_text_file(o.tokens_file);
    if (!text) return Error{text.error()};
    auto auth = Authenticator::from_json(*text);
    if (!auth) return Error{auth.error()};
    parts->auth = std::move(*auth);
  } else {
    spdlog::warn("no tokens file: the server is open (any caller may submit for any rollup, no rate limits)");
  }
  parts->metrics.observe_kernels();
  if (!o.metrics_listen.empty()) {
    if (Status s = parts->metrics.serve(o.metrics_listen); !s) return Error{s.error()};
  }

  parts->intake = std::make_unique<Intake>(*parts->store, parts->metrics, Intake::Options{o.max_batch, o.max_queued});
  parts->scheduler = std::make_unique<SlotScheduler>(*parts->store, parts->clock, parts->metrics, parts->feed,
                                                     parts->pending_jobs,
                                                     SlotScheduler::Options{o.node_id, o.max_proofs_per_slot});
  if (Status s = parts->scheduler->start(); !s) return Error{s.error()};

  parts->service = std::make_unique<ProofAggregatorService>(
      ServiceDeps{parts->options, *parts->store, *parts->keys, *parts->proving_keys, *parts->intake, parts->clock,
                  parts->metrics, parts->auth, parts->feed, parts->pending_jobs, parts->stopping});
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(o.listen, *creds, &parts->port);
  builder.SetMaxReceiveMessageSize(o.max_message_bytes);
  builder.SetMaxSendMessageSize(o.max_message_bytes);
  builder.RegisterService(parts->service.get());
  parts->grpc_server = builder.BuildAndStart();
  if (!parts->grpc_server || parts->port == 0) return make_error("cannot listen on " + o.listen);

  Parts* p = parts.get();
  parts->gauges = std::thread([p] {
    std::unique_lock lock(p->gauge_mutex);
    do {
      lock.unlock();
      p->refresh_gauges();
      lock.lock();
    } while (!p->gauge_wake.wait_for(lock, kGaugeRefresh, [p] { return p->gauge_stop; }));
  });
  spdlog::info("proofagg-server {} listening on port {} (store {}, slot {} ms, cut-off {} ms, metrics port {})",
               o.node_id, parts->port, o.store, o.slot_ms, o.cutoff_ms, parts->metrics.port());
  return std::make_unique<Server>(std::move(parts));
}

Server::Server(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
Server::~Server() = default;

int Server::port() const { return parts_->port; }
int Server::metrics_port() const { return parts_->metrics.port(); }
void Server::wait() { parts_->grpc_server->Wait(); }

void Server::shutdown() { parts_->stop_serving(); }

}  // namespace proofagg::service
