#include "service/server/server.hpp"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>

#include "kernels/core/hex.hpp"
#include "kernels/cuda/device_info.hpp"
#include "service/common/files.hpp"
#include "service/common/version.hpp"
#include "service/server/grpc_service.hpp"
#include "service/server/proving_worker.hpp"
#include "service/server/scheduler.hpp"

namespace proofagg::service {
namespace {

constexpr auto kHealthCheck = std::chrono::seconds(1);
constexpr int kHealthChecksPerGaugeRefresh = 5;

std::string default_node_id() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

// Names a range for the error message.
template <class T>
Status in_range(std::string_view option, T value, T low, T high) {
  if (value >= low && value <= high) return {};
  return make_error("--" + std::string(option) + " must be between " + std::to_string(low) + " and " +
                    std::to_string(high) + ", got " + std::to_string(value));
}

Result<std::shared_ptr<grpc::ServerCredentials>> credentials(const ServerOptions& options) {
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return make_error("TLS needs both a certificate and a key file");
  }
  if (options.tls_cert_file.empty()) return grpc::InsecureServerCredentials();
  const auto cert = read_text_file(options.tls_cert_file);
  if (!cert) return cert.failure();
  const auto key = read_text_file(options.tls_key_file);
  if (!key) return key.failure();
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

// The store's slot numbers were counted with the clock it was created with; under
// another clock they would name other times (jobs would wait for slots that close
// centuries later), so a different clock is refused unless the operator migrates.
Status adopt_slot_clock(store::JobStore& store, const SlotClock& clock, const ServerOptions& o) {
  const store::SlotClockSetting wanted{o.genesis_unix_ms, o.slot_ms};
  const auto stored = store.adopt_slot_clock(wanted);
  if (!stored) return stored.failure();
  if (*stored == wanted) return {};
  if (!o.migrate_slot_clock) {
    return make_error("the store was created with the slot clock --genesis-unix-ms " +
                          std::to_string(stored->genesis_unix_ms) + " --slot-ms " + std::to_string(stored->slot_ms) +
                          ", this server has --genesis-unix-ms " + std::to_string(o.genesis_unix_ms) + " --slot-ms " +
                          std::to_string(o.slot_ms) +
                          ": start with the store's clock, or stop every server of the store and start one with "
                          "--migrate-slot-clock to move the waiting jobs to the new clock's next slot",
                      ErrorKind::kFailedPrecondition);
  }
  const std::uint64_t open_slot = clock.open_slot(SlotClock::Clock::now());
  const auto change = store.change_slot_clock(wanted, open_slot);
  if (!change) return change.failure();
  spdlog::warn("slot clock migrated from genesis {} ms, slot {} ms to genesis {} ms, slot {} ms: {} waiting jobs moved to "
               "slot {}, {} slot results numbered from it on dropped",
               stored->genesis_unix_ms, stored->slot_ms, o.genesis_unix_ms, o.slot_ms, change->jobs_retargeted, open_slot,
               change->slot_results_dropped);
  return {};
}

}  // namespace

Status validate(const ServerOptions& o) {
  constexpr std::int64_t kDay = 24LL * 3600 * 1000;
  const std::int64_t year_9999 = 253402300799000;
  for (const Status& s : {
           in_range<std::int64_t>("genesis-unix-ms", o.genesis_unix_ms, 0, year_9999),
           in_range<std::int64_t>("slot-ms", o.slot_ms, 100, kDay),
           in_range<std::int64_t>("cutoff-ms", o.cutoff_ms, 0, o.slot_ms - 1),
           in_range<std::uint64_t>("max-target-slot-ahead", o.max_target_slot_ahead, 0, 1 << 20),
           in_range<std::size_t>("max-proofs-per-slot", o.max_proofs_per_slot, 1, 1 << 24),
           in_range<std::size_t>("max-batch", o.max_batch, 1, 1 << 16),
           in_range<std::size_t>("max-queued", o.max_queued, 1, 1 << 24),
           in_range<std::int64_t>("max-pending-jobs", o.max_pending_jobs, 1, std::int64_t{1} << 40),
           in_range<int>("max-message-bytes", o.max_message_bytes, 64 << 10, 1 << 30),
           in_range<std::int64_t>("task-lease-ms", o.task_lease_ms, 1000, kDay),
       }) {
    if (!s) return s;
  }
  if (o.role != "all" && o.role != "api" && o.role != "worker") return make_error("--role must be all, api or worker");
  if (o.role == "worker" && o.aggregation_keys.empty()) return make_error("--role worker needs --aggregation-keys");
  if (o.listen.empty()) return make_error("--listen must be an address (host:port)");
  return {};
}

struct Server::Parts {
  explicit Parts(const ServerOptions& o)
      : options(o),
        clock(SlotClock::Clock::time_point(std::chrono::milliseconds(o.genesis_unix_ms)),
              std::chrono::milliseconds(o.slot_ms), std::chrono::milliseconds(o.cutoff_ms)) {}

  ~Parts() {
    stop_serving();
    worker.reset();  // its task in hand finished before the store goes
    {
      std::lock_guard lock(gauge_mutex);
      gauge_stop = true;
    }
    gauge_wake.notify_all();
    if (watcher.joinable()) watcher.join();
  }

  // Ends watch streams (they see `stopping` once woken) and lets calls in flight
  // finish for up to two seconds. Safe to call twice.
  void stop_serving() {
    {
      std::lock_guard lock(gauge_mutex);
      stopping = true;
    }
    gauge_wake.notify_all();
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
    if (const auto tasks = store->count_tasks_by_state(); tasks) {
      for (const auto& [state, count] : *tasks) metrics.set_tasks_in_state(state, static_cast<double>(count));
    }
    metrics.device_memory_in_use.Set(static_cast<double>(cuda::device_status().memory_in_use_bytes));
  }

  // Health follows the store: every call needs it, so while it does not answer the
  // server is NOT_SERVING (load balancers and Kubernetes route around it).
  void check_health() {
    const Status reachable = store->ping();
    if (reachable.ok() != serving) {
      serving = reachable.ok();
      if (serving) {
        spdlog::info("the store answers again: serving");
      } else {
        spdlog::error("the store does not answer ({}): not serving", reachable.error());
      }
      if (grpc_server) grpc_server->GetHealthCheckService()->SetServingStatus(serving);
    }
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
  std::unique_ptr<recursion::AggregationKeyFiles> aggregation_keys;
  std::unique_ptr<SlotScheduler> scheduler;
  std::unique_ptr<ProvingWorker> worker;
  std::unique_ptr<ProofAggregatorService> service;
  std::unique_ptr<grpc::Server> grpc_server;
  int port = 0;

  bool serving = true;  // the health status last set; the watcher thread's

  std::mutex gauge_mutex;
  std::condition_variable gauge_wake;
  bool gauge_stop = false;
  std::thread watcher;  // health checks and gauge refreshes
};

Result<std::unique_ptr<Server>> Server::start(const ServerOptions& options) {
  if (Status s = validate(options); !s) return s.failure();
  auto parts = std::make_unique<Parts>(options);
  ServerOptions& o = parts->options;
  if (o.node_id.empty()) o.node_id = default_node_id();
  const auto backend = parse_backend(o.prover_backend);
  if (!backend) return backend.failure();
  if (*backend == Backend::kCuda) {
    if (const auto device = cuda::device_status(); !device.available) {
      spdlog::warn("--prover-backend cuda, but there is no usable CUDA device ({}): ProveWitness fails until one is "
                   "present; use auto to prove on the CPU meanwhile",
                   device.description);
    }
  }
  auto creds = credentials(o);
  if (!creds) return creds.failure();

  std::error_code ec;
  std::filesystem::create_directories(o.data_dir, ec);
  if (ec) return make_error("cannot create the data directory " + o.data_dir + ": " + ec.message());
  if (o.store.empty()) o.store = "sqlite:" + (std::filesystem::path(o.data_dir) / "proofagg.db").string();
  auto store = store::open_store(o.store);
  if (!store) return store.failure().prefixed("--store " + store::redact_credentials(o.store) + ": ");
  parts->store = std::move(*store);
  if (Status s = adopt_slot_clock(*parts->store, parts->clock, o); !s) return s.failure();

  const auto counts = parts->store->count_by_state();
  if (!counts) return counts.failure();
  parts->pending_jobs = waiting_for_a_slot(*counts);

  parts->keys = std::make_unique<KeyRegistry>(*parts->store);
  if (Status s = parts->keys->load(); !s) return s.failure();
  parts->proving_keys = std::make_unique<ProvingKeys>((std::filesystem::path(o.data_dir) / "zkeys").string(), *backend);
  if (Status s = parts->proving_keys->load(); !s) return s.failure();

  if (!o.tokens_file.empty()) {
    const auto text = read_text_file(o.tokens_file);
    if (!text) return text.failure();
    auto auth = Authenticator::from_json(*text);
    if (!auth) return auth.failure();
    parts->auth = std::move(*auth);
  } else {
    spdlog::warn("no tokens file: the server is open (any caller may submit for any rollup, no rate limits)");
  }
  parts->metrics.observe_kernels();
  if (!o.metrics_listen.empty()) {
    if (Status s = parts->metrics.serve(o.metrics_listen); !s) return s.failure();
  }

  if (!o.aggregation_keys.empty()) {
    auto keys = recursion::AggregationKeyFiles::open(file_reader(o.aggregation_keys));
    if (!keys) return keys.failure().prefixed("--aggregation-keys " + o.aggregation_keys + ": ");
    parts->aggregation_keys = std::move(*keys);
    const recursion::TreeShape& shape = parts->aggregation_keys->shape();
    spdlog::info("aggregation keys {}: leaves of {} proofs (keys of up to {} inputs), {} node levels, up to {} proofs "
                 "per slot; wrapper vk_hash {}",
                 parts->aggregation_keys->digest(), shape.leaf.capacity, shape.leaf.max_public_inputs, shape.depth,
                 shape.max_proofs(), hex_encode(parts->aggregation_keys->wrapper_vk_hash()));
    if (o.role != "api") {
      parts->worker = std::make_unique<ProvingWorker>(
          *parts->store, *parts->keys, *parts->aggregation_keys, *backend, parts->clock, parts->metrics, parts->feed,
          ProvingWorker::Options{o.node_id, std::chrono::milliseconds(o.task_lease_ms)});
    }
  }

  Parts* p = parts.get();
  const auto watch = [p] {
    std::unique_lock lock(p->gauge_mutex);
    int checks = 0;
    do {
      lock.unlock();
      p->check_health();
      if (checks++ % kHealthChecksPerGaugeRefresh == 0) p->refresh_gauges();
      lock.lock();
    } while (!p->gauge_wake.wait_for(lock, kHealthCheck, [p] { return p->gauge_stop; }));
  };
  if (o.role == "worker") {
    parts->worker->start();
    parts->watcher = std::thread(watch);
    spdlog::info("proofagg-server {} {}: proving worker (store {}; metrics {})", o.node_id, kVersion,
                 store::redact_credentials(o.store),
                 parts->metrics.port() == 0 ? std::string("off") : o.metrics_listen);
    return std::make_unique<Server>(std::move(parts));
  }

  parts->intake = std::make_unique<Intake>(*parts->store, parts->metrics, Intake::Options{o.max_batch, o.max_queued});
  parts->scheduler = std::make_unique<SlotScheduler>(
      *parts->store, parts->clock, parts->metrics, parts->feed, parts->pending_jobs,
      SlotScheduler::Options{o.node_id, o.max_proofs_per_slot, parts->aggregation_keys.get()});
  if (Status s = parts->scheduler->start(); !s) return s.failure();
  if (parts->worker) parts->worker->start();

  parts->service = std::make_unique<ProofAggregatorService>(
      ServiceDeps{parts->options, *parts->store, *parts->keys, *parts->proving_keys, *parts->intake, parts->clock,
                  parts->metrics, parts->auth, parts->feed, parts->pending_jobs, parts->stopping});
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // gRPC sets SO_REUSEPORT by default: a second server on a busy port would start
  // and take half of its clients. A busy port is an error, as for any daemon.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  grpc::ResourceQuota quota("proofagg-server");
  quota.Resize(static_cast<std::size_t>(o.max_message_bytes) * 8);
  builder.SetResourceQuota(quota);
  builder.AddListeningPort(o.listen, *creds, &parts->port);
  builder.SetMaxReceiveMessageSize(o.max_message_bytes);
  builder.SetMaxSendMessageSize(o.max_message_bytes);
  builder.RegisterService(parts->service.get());
  parts->grpc_server = builder.BuildAndStart();
  if (!parts->grpc_server || parts->port == 0) {
    return make_error("cannot listen on " + o.listen + " (the port is in use, or the address is not this host's)",
                      ErrorKind::kUnavailable);
  }

  parts->watcher = std::thread(watch);
  spdlog::info(
      "proofagg-server {} {} listening on {} (port {}, TLS {}, {}; store {}; slot {} ms, cut-off {} ms; metrics {})",
      o.node_id, kVersion, o.listen, parts->port, o.tls_cert_file.empty() ? "off" : "on",
      parts->auth.enabled() ? "tokens for " + std::to_string(parts->auth.rollups()) + " rollups" : "open: no tokens",
      store::redact_credentials(o.store), o.slot_ms, o.cutoff_ms,
      parts->metrics.port() == 0 ? std::string("off") : o.metrics_listen + " port " + std::to_string(parts->metrics.port()));
  return std::make_unique<Server>(std::move(parts));
}

Server::Server(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
Server::~Server() = default;

int Server::port() const { return parts_->port; }
int Server::metrics_port() const { return parts_->metrics.port(); }
void Server::wait() {
  if (parts_->grpc_server) return parts_->grpc_server->Wait();
  std::unique_lock lock(parts_->gauge_mutex);  // the worker role: until shutdown()
  parts_->gauge_wake.wait(lock, [&] { return parts_->stopping.load(); });
}

void Server::shutdown() { parts_->stop_serving(); }

}  // namespace proofagg::service
