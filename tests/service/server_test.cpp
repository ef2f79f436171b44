// The gRPC service over loopback, in-process: every RPC with good and bad requests
// (malformed encodings, unknown keys, duplicates, oversized messages, auth, rate
// limits, deadlines, backpressure), a slot closing with inclusion paths that verify,
// proving for a registered circuit, health checking and /metrics.
#include <arpa/inet.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <limits>
#include <set>
#include <sstream>
#include <thread>
#include <nlohmann/json.hpp>

#include "aggregator/commit/commitments.hpp"
#include "aggregator/groth16/evm_calldata.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "kernels/cuda/device_info.hpp"
#include "proofagg/v1/proofagg.grpc.pb.h"
#include "aggregator/recursion/aggregation.hpp"
#include "service/common/files.hpp"
#include "service/server/server.hpp"
#include "service/server/slot_clock.hpp"
#include "service/store/job_store.hpp"
#include "tests/support/files.hpp"
#include "tests/support/postgres_server.hpp"
#include "tests/support/small_aggregation_keys.hpp"
#include "tests/support/test_server.hpp"

namespace proofagg::service {
namespace {

using grpc::StatusCode;

std::string fixture(const std::string& circuit, const std::string& file) {
  return testing::read_text(testing::fixture_path("snarkjs/" + circuit + "/" + file));
}
std::string fixture_bytes(const std::string& circuit, const std::string& file) {
  const auto b = testing::read_bytes(testing::fixture_path("snarkjs/" + circuit + "/" + file));
  return {b.begin(), b.end()};
}
std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

struct FixtureProof {
  std::string circuit;
  int index;
};
const std::vector<FixtureProof> kFixtureProofs = {{"multiplier", 0},        {"multiplier", 1},
                                                  {"multiplier", 2},        {"poseidon_chain", 0},
                                                  {"poseidon_chain", 1},    {"poseidon_preimage", 0},
                                                  {"poseidon_preimage", 1}, {"poseidon_preimage", 2}};

// grpc.health.v1.Health/Check with an empty request: the reply's status, 1 SERVING,
// 2 NOT_SERVING; 0 when the call fails.
int health_status(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub generic(channel);
  grpc::ClientContext c;
  c.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::Slice empty("");
  grpc::ByteBuffer request_buffer(&empty, 1), response_buffer;
  std::promise<grpc::Status> done;
  generic.UnaryCall(&c, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request_buffer, &response_buffer,
                    [&](grpc::Status s) { done.set_value(s); });
  if (!done.get_future().get().ok()) return 0;
  std::vector<grpc::Slice> slices;
  if (!response_buffer.Dump(&slices).ok()) return 0;
  std::string reply;
  for (const auto& slice : slices) reply.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  return reply.size() == 2 && reply[0] == '\x08' ? reply[1] : 0;
}

// A fresh server per test: its own data folder, free ports, 1-second slots.
class ServerTest : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              ("proofagg_server_" + std::to_string(getpid()) + "_" +
                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  ServerOptions options;
  std::unique_ptr<Server> server;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::ProofAggregator::Stub> stub;

  void SetUp() override {
    std::filesystem::remove_all(dir);
    options = testing::test_server_options(dir);
    options.metrics_listen = "127.0.0.1:0";
  }
  void TearDown() override {
    stub.reset();
    channel.reset();
    server.reset();
    std::filesystem::remove_all(dir);
  }

  void start() {
    auto started = Server::start(options);
    ASSERT_TRUE(started.ok()) << started.error();
    server = std::move(*started);
    grpc::ChannelArguments args;
    args.SetMaxSendMessageSize(64 << 20);
    channel = grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(server->port()),
                                        grpc::InsecureChannelCredentials(), args);
    stub = v1::ProofAggregator::NewStub(channel);
  }

  std::unique_ptr<grpc::ClientContext> context(const std::string& token = "") {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    if (!token.empty()) c->AddMetadata("authorization", "Bearer " + token);
    return c;
  }

  std::string register_key(const std::string& circuit, const std::string& token = "") {
    v1::RegisterVerifyingKeyRequest request;
    request.set_snarkjs_json(fixture(circuit, "verification_key.json"));
    v1::RegisterVerifyingKeyResponse response;
    const auto status = stub->RegisterVerifyingKey(context(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.vk_hash();
  }

  v1::SubmitProofRequest submission(const std::string& vk_hash, const FixtureProof& p) {
    v1::SubmitProofRequest request;
    request.set_vk_hash(vk_hash);
    request.mutable_proof()->set_snarkjs_json(fixture(p.circuit, "proof_" + std::to_string(p.index) + ".json"));
    request.mutable_public_signals()->set_snarkjs_json(fixture(p.circuit, "public_" + std::to_string(p.index) + ".json"));
    request.set_rollup_id("rollup-" + p.circuit);
    return request;
  }

  grpc::Status submit(const v1::SubmitProofRequest& request, v1::SubmitProofResponse* response = nullptr,
                      const std::string& token = "") {
    v1::SubmitProofResponse ignored;
    return stub->SubmitProof(context(token).get(), request, response != nullptr ? response : &ignored);
  }

  // A metric's value in the /metrics text ("name{labels}"), -1 when absent.
  double metric(const std::string& series) {
    const std::string text = metrics_text();
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
  }

  std::string metrics_text() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(server->metrics_port()));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "";
    const std::string get = "GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n";
    (void)!write(fd, get.data(), get.size());
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
    close(fd);
    return text;
  }
};

TEST_F(ServerTest, RegistersAndReturnsVerifyingKeys) {
  start();
  const std::string vk_hash = register_key("multiplier");
  ASSERT_EQ(vk_hash.size(), 32u);
  const auto vk = groth16::snarkjs::parse_verifying_key(fixture("multiplier", "verification_key.json"));
  const auto expected = commit::vk_hash(*vk);
  EXPECT_EQ(vk_hash, std::string(expected.begin(), expected.end()));
  EXPECT_EQ(register_key("multiplier"), vk_hash);  // idempotent
  EXPECT_NE(register_key("poseidon_chain"), vk_hash);

  // The key inside the circuit's .zkey is the same key.
  v1::RegisterVerifyingKeyRequest from_zkey;
  from_zkey.set_zkey(fixture_bytes("multiplier", "multiplier.zkey"));
  v1::RegisterVerifyingKeyResponse response;
  ASSERT_TRUE(stub->RegisterVerifyingKey(context().get(), from_zkey, &response).ok());
  EXPECT_EQ(response.vk_hash(), vk_hash);

  v1::GetVerifyingKeyRequest get;
  get.set_vk_hash(vk_hash);
  v1::VerifyingKey stored;
  ASSERT_TRUE(stub->GetVerifyingKey(context().get(), get, &stored).ok());
  EXPECT_EQ(stored.public_inputs(), 1u);
  const auto round_trip = groth16::snarkjs::parse_verifying_key(stored.snarkjs_json());
  ASSERT_TRUE(round_trip.ok()) << round_trip.error();
  EXPECT_EQ(commit::vk_hash(*round_trip), expected);

  get.set_vk_hash(std::string(32, '\x07'));
  EXPECT_EQ(stub->GetVerifyingKey(context().get(), get, &stored).error_code(), StatusCode::NOT_FOUND);

  v1::RegisterVerifyingKeyRequest bad;
  std::string json = fixture("multiplier", "verification_key.json");
  json.replace(json.find("\"IC\""), 4, "\"XX\"");
  bad.set_snarkjs_json(json);
  const auto status = stub->RegisterVerifyingKey(context().get(), bad, &response);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("verifying key: ", 0), 0u) << status.error_message();
  EXPECT_EQ(stub->RegisterVerifyingKey(context().get(), v1::RegisterVerifyingKeyRequest{}, &response).error_code(),
            StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServerTest, ProofsAreVerifiedQueuedAndIncludedWithPathsThatVerify) {
  start();
  std::map<std::string, std::string> keys;
  for (const char* circuit : {"multiplier", "poseidon_chain", "poseidon_preimage"}) keys[circuit] = register_key(circuit);

  std::vector<std::string> job_ids;
  std::uint64_t last_slot = 0;
  for (const FixtureProof& p : kFixtureProofs) {
    v1::SubmitProofResponse response;
    const auto status = submit(submission(keys[p.circuit], p), &response);
    ASSERT_TRUE(status.ok()) << p.circuit << " " << p.index << ": " << status.error_message();
    job_ids.push_back(response.job_id());
    last_slot = std::max(last_slot, response.slot());
  }
  // The same proof again, and in the EVM encoding: the same job.
  v1::SubmitProofResponse again;
  ASSERT_TRUE(submit(submission(keys["multiplier"], kFixtureProofs[0]), &again).ok());
  EXPECT_EQ(again.job_id(), job_ids[0]);
  {
    v1::SubmitProofRequest calldata = submission(keys["multiplier"], kFixtureProofs[0]);
    const auto proof = groth16::snarkjs::parse_proof(calldata.proof().snarkjs_json());
    const auto inputs = groth16::snarkjs::parse_public_signals(calldata.public_signals().snarkjs_json());
    const auto proof_bytes = groth16::evm_calldata::encode_proof(*proof);
    const auto input_bytes = groth16::evm_calldata::encode_public_inputs(*inputs);
    calldata.mutable_proof()->set_evm_calldata(std::string(proof_bytes.begin(), proof_bytes.end()));
    calldata.mutable_public_signals()->set_evm_calldata(std::string(input_bytes.begin(), input_bytes.end()));
    ASSERT_TRUE(submit(calldata, &again).ok());
    EXPECT_EQ(again.job_id(), job_ids[0]);
  }

  // Watch the first job until it is included.
  v1::GetJobRequest watch_request;
  watch_request.set_job_id(job_ids[0]);
  grpc::ClientContext watch_context;
  watch_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  auto reader = stub->WatchJob(&watch_context, watch_request);
  std::vector<v1::JobState> states;
  for (v1::Job job; reader->Read(&job);) states.push_back(job.state());
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_FALSE(states.empty());
  EXPECT_EQ(states.front(), v1::JOB_STATE_VERIFIED);
  EXPECT_EQ(states.back(), v1::JOB_STATE_INCLUDED);

  // Every job is included, and its path leads from its own leaf to the slot's root.
  std::map<std::uint64_t, v1::SlotAggregate> aggregates;
  for (std::size_t i = 0; i < job_ids.size(); ++i) {
    v1::Job job;
    v1::GetJobRequest get;
    get.set_job_id(job_ids[i]);
    for (int tries = 0; tries < 100; ++tries) {
      ASSERT_TRUE(stub->GetJob(context().get(), get, &job).ok());
      if (job.state() == v1::JOB_STATE_INCLUDED) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(job.state(), v1::JOB_STATE_INCLUDED) << job_ids[i];
    const FixtureProof& p = kFixtureProofs[i];
    const auto inputs = groth16::snarkjs::parse_public_signals(fixture(p.circuit, "public_" + std::to_string(p.index) + ".json"));
    commit::VkHash vk_hash;
    std::copy(keys[p.circuit].begin(), keys[p.circuit].end(), vk_hash.begin());
    const Sha256Digest leaf = commit::leaf_hash(vk_hash, commit::pi_hash(*inputs));
    std::vector<Sha256Digest> siblings;
    for (const std::string& s : job.inclusion().siblings()) {
      ASSERT_EQ(s.size(), 32u);
      siblings.emplace_back();
      std::copy(s.begin(), s.end(), siblings.back().begin());
    }
    Sha256Digest root;
    ASSERT_EQ(job.inclusion().root().size(), 32u);
    std::copy(job.inclusion().root().begin(), job.inclusion().root().end(), root.begin());
    EXPECT_TRUE(commit::verify_inclusion(leaf, job.inclusion().leaf_index(), siblings, root)) << job_ids[i];

    if (!aggregates.contains(job.slot())) {
      v1::GetSlotAggregateRequest request;
      request.set_slot(job.slot());
      ASSERT_TRUE(stub->GetSlotAggregate(context().get(), request, &aggregates[job.slot()]).ok());
    }
    const v1::SlotAggregate& aggregate = aggregates[job.slot()];
    EXPECT_EQ(aggregate.state(), v1::AGGREGATE_STATE_VERIFIED_ONLY);
    EXPECT_FALSE(aggregate.has_aggregate_proof());  // never a fake proof
    EXPECT_EQ(aggregate.root(), job.inclusion().root());
    EXPECT_EQ(aggregate.aggregate_id(), job.inclusion().aggregate_id());
    ASSERT_LT(job.inclusion().leaf_index(), static_cast<std::uint64_t>(aggregate.job_ids_size()));
    EXPECT_EQ(aggregate.job_ids(static_cast<int>(job.inclusion().leaf_index())), job_ids[i]);
    // Public signals: root high and low halves, count, slot.
    const std::string& words = aggregate.aggregate_public_signals().evm_calldata();
    ASSERT_EQ(words.size(), 4u * 32);
    EXPECT_EQ(words.substr(16, 16), aggregate.root().substr(0, 16));
    EXPECT_EQ(words.substr(48, 16), aggregate.root().substr(16, 16));
    EXPECT_EQ(static_cast<std::uint8_t>(words[95]), aggregate.count());
    EXPECT_EQ(static_cast<std::uint8_t>(words[127]), static_cast<std::uint8_t>(job.slot()));
  }
  std::size_t total = 0;
  for (const auto& [slot, aggregate] : aggregates) total += aggregate.count();
  EXPECT_EQ(total, job_ids.size());

  // WatchAggregates replays closed slots in order.
  grpc::ClientContext stream_context;
  stream_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::WatchAggregatesRequest from;
  from.set_from_slot(aggregates.begin()->first);
  auto stream = stub->WatchAggregates(&stream_context, from);
  v1::SlotAggregate first;
  ASSERT_TRUE(stream->Read(&first));
  EXPECT_EQ(first.slot(), aggregates.begin()->first);
  EXPECT_EQ(first.root(), aggregates.begin()->second.root());
  stream_context.TryCancel();
  (void)stream->Finish();

  const std::string metrics = metrics_text();
  EXPECT_NE(metrics.find("proofagg_submissions_total{outcome=\"accepted\",reason=\"ok\"} 8"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("proofagg_submissions_total{outcome=\"duplicate\",reason=\"ok\"} 2"), std::string::npos);
  EXPECT_NE(metrics.find("proofagg_proofs_included_total 8"), std::string::npos);
  EXPECT_NE(metrics.find("proofagg_intake_latency_seconds_count 8"), std::string::npos);
}

// With aggregation keys a closed slot is recorded as proving, with the wrapper key's
// hash, and planned into proving tasks that the server's worker takes; with these
// keys (small circuits', not the aggregation's) the leaf cannot be proven, so the
// worker fails it and the slot ends verified_only, saying why: no fake proof, and
// WatchAggregates sends the slot again once final. One proof, so that its leaf (not
// whole) waits for the cut-off. (A slot proven for real, by two worker processes one
// of which is killed mid-task: scripts/aggregate-service-e2e.sh.)
TEST_F(ServerTest, WithAggregationKeysASlotIsProvingThenFinal) {
  const std::filesystem::path keys_dir = dir / "aggregation-keys";
  const std::string digest = testing::write_small_aggregation_keys(keys_dir, {{2, 1}, 1});
  options.aggregation_keys = keys_dir.string();
  options.task_lease_ms = 5000;
  start();
  const std::string vk_hash = register_key("multiplier");
  v1::SubmitProofResponse submitted;
  ASSERT_TRUE(submit(submission(vk_hash, kFixtureProofs[0]), &submitted).ok());
  const std::uint64_t slot = submitted.slot();

  grpc::ClientContext watch_context;
  watch_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  v1::WatchAggregatesRequest from;
  from.set_from_slot(slot);
  auto stream = stub->WatchAggregates(&watch_context, from);
  v1::SlotAggregate proving, final;
  ASSERT_TRUE(stream->Read(&proving));
  ASSERT_EQ(proving.state(), v1::AGGREGATE_STATE_PROVING) << proving.note();
  const auto files = recursion::AggregationKeyFiles::open(file_reader(keys_dir.string()));
  ASSERT_TRUE(files.ok()) << files.error();
  EXPECT_EQ((*files)->digest(), digest);
  EXPECT_EQ(proving.wrapper_vk_hash(),
            std::string((*files)->wrapper_vk_hash().begin(), (*files)->wrapper_vk_hash().end()));
  EXPECT_FALSE(proving.has_aggregate_proof());
  EXPECT_TRUE(proving.has_closed_at());
  EXPECT_NE(proving.note().find("proving tasks"), std::string::npos) << proving.note();
  do {
    ASSERT_TRUE(stream->Read(&final));
  } while (final.slot() != proving.slot());
  watch_context.TryCancel();
  (void)stream->Finish();
  EXPECT_EQ(final.state(), v1::AGGREGATE_STATE_VERIFIED_ONLY);
  EXPECT_FALSE(final.has_aggregate_proof());
  EXPECT_EQ(final.root(), proving.root());  // the commitment and its paths stand
  EXPECT_NE(final.note().find("the aggregate proof failed (task slot-" + std::to_string(proving.slot()) + "/0/0"),
            std::string::npos)
      << final.note();
  // Its jobs stay included, with their paths.
  v1::GetJobRequest get;
  get.set_job_id(proving.job_ids(0));
  v1::Job job;
  ASSERT_TRUE(stub->GetJob(context().get(), get, &job).ok());
  EXPECT_EQ(job.state(), v1::JOB_STATE_INCLUDED);
  EXPECT_EQ(job.inclusion().root(), proving.root());
  EXPECT_GE(metric("proofagg_slot_proofs_failed_total"), 1);
  EXPECT_EQ(metric("proofagg_slots_proven_total"), 0);
}

// A whole leaf's proofs are handed to the workers while their slot is still open:
// its task is in the store (here already failed, with these keys) before the
// cut-off, and the close adopts it (the slot recorded verified_only, saying why).
TEST_F(ServerTest, LeavesAreHandedToWorkersWhileTheSlotIsOpen) {
  const std::filesystem::path keys_dir = dir / "aggregation-keys";
  testing::write_small_aggregation_keys(keys_dir, {{2, 1}, 1});
  options.aggregation_keys = keys_dir.string();
  options.slot_ms = 8000;
  options.cutoff_ms = 2000;
  const SlotClock clock(SlotClock::Clock::time_point(std::chrono::milliseconds(options.genesis_unix_ms)),
                        std::chrono::milliseconds(options.slot_ms), std::chrono::milliseconds(options.cutoff_ms));
  start();
  const std::string vk_hash = register_key("multiplier");
  std::set<std::uint64_t> slots;
  for (std::size_t i = 0; i < 2; ++i) {
    v1::SubmitProofResponse response;
    ASSERT_TRUE(submit(submission(vk_hash, kFixtureProofs[i]), &response).ok());
    slots.insert(response.slot());
  }
  ASSERT_EQ(slots.size(), 1u) << "the two proofs straddle a cut-off";
  const std::uint64_t slot = *slots.begin();

  auto store = store::open_store("sqlite:" + (dir / "proofagg.db").string());
  ASSERT_TRUE(store.ok()) << store.error();
  std::uint64_t tasks = 0;
  while (tasks == 0 && SlotClock::Clock::now() < clock.cutoff_time(slot)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto counts = (*store)->count_tasks_by_state();
    ASSERT_TRUE(counts.ok()) << counts.error();
    for (const auto& [state, n] : *counts) tasks += n;
  }
  const bool before_cutoff = SlotClock::Clock::now() < clock.cutoff_time(slot);
  EXPECT_EQ(tasks, 1u);
  EXPECT_TRUE(before_cutoff) << "no leaf was handed out before the cut-off";
  EXPECT_FALSE((*store)->get_aggregate(slot)->has_value());

  v1::GetSlotAggregateRequest request;
  request.set_slot(slot);
  v1::SlotAggregate final;
  for (int tries = 0; tries < 200 && final.state() != v1::AGGREGATE_STATE_VERIFIED_ONLY; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    (void)stub->GetSlotAggregate(context().get(), request, &final);
  }
  ASSERT_EQ(final.state(), v1::AGGREGATE_STATE_VERIFIED_ONLY) << final.note();
  EXPECT_EQ(final.job_ids_size(), 2);
  EXPECT_NE(final.note().find("the aggregate proof failed (task slot-" + std::to_string(slot) + "/0/0"),
            std::string::npos)
      << final.note();
}

// The worker role: no gRPC API, only proving tasks (and /metrics); it needs keys.
TEST_F(ServerTest, TheWorkerRoleServesNoApiAndNeedsKeys) {
  options.role = "worker";
  EXPECT_EQ(Server::start(options).error(), "--role worker needs --aggregation-keys");
  testing::write_small_aggregation_keys(dir / "keys", {{2, 1}, 1});
  options.aggregation_keys = (dir / "keys").string();
  auto worker = Server::start(options);
  ASSERT_TRUE(worker.ok()) << worker.error();
  EXPECT_EQ((*worker)->port(), 0);
  EXPECT_GT((*worker)->metrics_port(), 0);
  std::thread waiting([&] { (*worker)->wait(); });
  (*worker)->shutdown();
  waiting.join();
  options.aggregation_keys = (dir / "no-such-keys").string();
  options.role = "all";
  const auto missing = Server::start(options);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("--aggregation-keys"), std::string::npos) << missing.error();
}

TEST_F(ServerTest, BadSubmissionsAreRefusedWithTheReasonAndNeverQueued) {
  start();
  const std::string vk_hash = register_key("multiplier");
  const v1::SubmitProofRequest good = submission(vk_hash, kFixtureProofs[0]);
  const auto expect_refused = [&](const v1::SubmitProofRequest& request, StatusCode code, const std::string& message) {
    const auto status = submit(request);
    EXPECT_EQ(status.error_code(), code) << status.error_message();
    EXPECT_NE(status.error_message().find(message), std::string::npos) << status.error_message();
  };

  v1::SubmitProofRequest r = good;
  r.mutable_public_signals()->set_snarkjs_json("[\"34\"]");  // a different statement
  expect_refused(r, StatusCode::INVALID_ARGUMENT, "does not verify");
  r = good;
  r.mutable_public_signals()->set_snarkjs_json(
      "[\"21888242871839275222246405745257275088548364400416034343698204186575808495617\"]");  // = r
  expect_refused(r, StatusCode::INVALID_ARGUMENT, "public signals (snarkjs JSON)");
  r = good;
  r.mutable_public_signals()->set_snarkjs_json("[\"33\", \"1\"]");
  expect_refused(r, StatusCode::INVALID_ARGUMENT, "public signals: more than 1 public signals");
  r.mutable_public_signals()->set_snarkjs_json("[]");
  expect_refused(r, StatusCode::INVALID_ARGUMENT, "the key expects 1 public signals, got 0");
  r = good;
  r.mutable_proof()->set_evm_calldata(std::string(255, '\x01'));
  expect_refused(r, StatusCode::INVALID_ARGUMENT, "proof (EVM calldata)");
  r = good;
  r.mutable_proof()->Clear();
  expect_refused(r, StatusCode::INVALID_ARGUMENT, "proof: no encoding set");
  r = good;
  std::string json = good.proof().snarkjs_json();
  json.replace(json.find("\"pi_a\": [\n  \"") + 13, 1, "9");  // moves A off the curve
  r.mutable_proof()->set_snarkjs_json(json);
  expect_refused(r, StatusCode::INVALID_ARGUMENT, "proof (snarkjs JSON)");
  r = good;
  r.set_vk_hash(std::string(32, '\x05'));
  expect_refused(r, StatusCode::NOT_FOUND, "unknown verifying key 0505");
  r = good;
  r.set_vk_hash("short");
  expect_refused(r, StatusCode::INVALID_ARGUMENT, "vk_hash must be 32 bytes, got 5");
  r = good;
  r.clear_rollup_id();
  expect_refused(r, StatusCode::INVALID_ARGUMENT, "rollup_id is required");
  r = good;
  r.set_target_slot(1u << 30);
  expect_refused(r, StatusCode::INVALID_ARGUMENT, "slots ahead of the open slot");

  // None of them became a job: the next slot holds only the good proof.
  v1::SubmitProofResponse accepted;
  ASSERT_TRUE(submit(good, &accepted).ok());
  v1::WatchAggregatesRequest from;
  from.set_from_slot(accepted.slot());
  grpc::ClientContext stream_context;
  stream_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = stub->WatchAggregates(&stream_context, from);
  v1::SlotAggregate aggregate;
  ASSERT_TRUE(stream->Read(&aggregate));
  stream_context.TryCancel();
  (void)stream->Finish();
  EXPECT_EQ(aggregate.slot(), accepted.slot());
  ASSERT_EQ(aggregate.job_ids_size(), 1);
  EXPECT_EQ(aggregate.job_ids(0), accepted.job_id());

  const std::string metrics = metrics_text();
  EXPECT_NE(metrics.find("reason=\"invalid_proof\"} 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("reason=\"unknown_key\"} 1"), std::string::npos);

  v1::GetJobRequest missing;
  missing.set_job_id(std::string(32, 'f'));
  v1::Job job;
  EXPECT_EQ(stub->GetJob(context().get(), missing, &job).error_code(), StatusCode::NOT_FOUND);
}

TEST_F(ServerTest, OversizedMessagesAreRefused) {
  options.max_message_bytes = 64 << 10;
  start();
  const std::string vk_hash = register_key("multiplier");
  v1::SubmitProofRequest r = submission(vk_hash, kFixtureProofs[0]);
  r.mutable_public_signals()->set_snarkjs_json(std::string(100 << 10, ' ') + "[\"33\"]");
  EXPECT_EQ(submit(r).error_code(), StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(submit(submission(vk_hash, kFixtureProofs[0])).ok());  // the server is fine afterwards
}

TEST_F(ServerTest, TokensAuthenticateRollupsAndRateLimitThem) {
  const std::string token_a = "token-for-rollup-a-0123456789";
  options.tokens_file = (dir / "tokens.json").string();
  std::filesystem::create_directories(dir);
  std::ofstream(options.tokens_file) << nlohmann::json{
      {"rollups",
       {{{"rollup_id", "rollup-a"}, {"token", token_a}, {"rate_per_second", 0.01}, {"burst", 2}},
        {{"rollup_id", "rollup-b"}, {"token", "token-for-rollup-b-0123456789"}}}}}.dump();
  start();

  v1::RegisterVerifyingKeyRequest key_request;
  key_request.set_snarkjs_json(fixture("multiplier", "verification_key.json"));
  v1::RegisterVerifyingKeyResponse key;
  auto status = stub->RegisterVerifyingKey(context().get(), key_request, &key);
  EXPECT_EQ(status.error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_NE(status.error_message().find("missing bearer token"), std::string::npos);
  EXPECT_EQ(stub->RegisterVerifyingKey(context("wrong-token-0123456789").get(), key_request, &key).error_code(),
            StatusCode::UNAUTHENTICATED);
  ASSERT_TRUE(stub->RegisterVerifyingKey(context(token_a).get(), key_request, &key).ok());

  v1::SubmitProofRequest r = submission(key.vk_hash(), kFixtureProofs[0]);
  r.set_rollup_id("rollup-b");
  EXPECT_EQ(submit(r, nullptr, token_a).error_code(), StatusCode::PERMISSION_DENIED);
  r.clear_rollup_id();  // taken from the token
  v1::SubmitProofResponse response;
  ASSERT_TRUE(submit(r, &response, token_a).ok());
  v1::GetJobRequest get;
  get.set_job_id(response.job_id());
  v1::Job job;
  ASSERT_TRUE(stub->GetJob(context(token_a).get(), get, &job).ok());
  EXPECT_EQ(job.rollup_id(), "rollup-a");
  // The bucket holds 2: the refused call took nothing, the next two take both.
  v1::SubmitProofRequest second = submission(key.vk_hash(), kFixtureProofs[1]);
  second.clear_rollup_id();
  ASSERT_TRUE(submit(second, nullptr, token_a).ok());
  v1::SubmitProofRequest third = submission(key.vk_hash(), kFixtureProofs[2]);
  third.clear_rollup_id();
  const auto limited = submit(third, nullptr, token_a);
  EXPECT_EQ(limited.error_code(), StatusCode::RESOURCE_EXHAUSTED) << limited.error_message();
  EXPECT_NE(limited.error_message().find("rate limit reached for rollup rollup-a"), std::string::npos);
}

TEST_F(ServerTest, ServesTlsWhenConfigured) {
  std::filesystem::create_directories(dir);
  const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  const std::string openssl = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
                              "-subj /CN=localhost -addext subjectAltName=DNS:localhost -keyout " + key + " -out " + cert +
                              " >/dev/null 2>&1";
  if (std::system(openssl.c_str()) != 0) GTEST_SKIP() << "the openssl command is not available to make a certificate";
  options.tls_cert_file = cert;
  options.tls_key_file = key;
  start();

  grpc::SslCredentialsOptions trust;
  trust.pem_root_certs = testing::read_text(cert);
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  auto tls = v1::ProofAggregator::NewStub(grpc::CreateCustomChannel(
      "127.0.0.1:" + std::to_string(server->port()), grpc::SslCredentials(trust), args));
  v1::RegisterVerifyingKeyRequest request;
  request.set_snarkjs_json(fixture("multiplier", "verification_key.json"));
  v1::RegisterVerifyingKeyResponse response;
  const auto status = tls->RegisterVerifyingKey(context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.vk_hash().size(), 32u);
  // A plaintext client gets nowhere.
  EXPECT_EQ(stub->RegisterVerifyingKey(context().get(), request, &response).error_code(), StatusCode::UNAVAILABLE);

  options.tls_key_file.clear();  // a certificate without its key is a configuration error
  EXPECT_EQ(Server::start(options).error(), "TLS needs both a certificate and a key file");
}

TEST_F(ServerTest, DeadlinesAndBackpressure) {
  options.max_pending_jobs = 1;
  start();
  const std::string vk_hash = register_key("multiplier");
  grpc::ClientContext expired;
  expired.set_deadline(std::chrono::system_clock::now() - std::chrono::milliseconds(1));
  v1::SubmitProofResponse response;
  EXPECT_EQ(stub->SubmitProof(&expired, submission(vk_hash, kFixtureProofs[0]), &response).error_code(),
            StatusCode::DEADLINE_EXCEEDED);

  // One proof may wait at a time; the second is refused until the slot closes.
  ASSERT_TRUE(submit(submission(vk_hash, kFixtureProofs[0]), &response).ok());
  const auto refused = submit(submission(vk_hash, kFixtureProofs[1]));
  if (refused.ok()) GTEST_SKIP() << "the slot closed between the two calls; nothing to check this time";
  EXPECT_EQ(refused.error_code(), StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(refused.error_message().find("too many proofs are waiting"), std::string::npos);
}

TEST_F(ServerTest, ProvesWitnessesForRegisteredCircuits) {
  start();
  v1::RegisterProvingKeyRequest key_request;
  key_request.set_zkey(fixture_bytes("multiplier", "multiplier.zkey"));
  v1::RegisterProvingKeyResponse key;
  ASSERT_TRUE(stub->RegisterProvingKey(context().get(), key_request, &key).ok());
  EXPECT_EQ(key.zkey_id().size(), 32u);
  EXPECT_EQ(key.vk_hash(), register_key("multiplier"));

  v1::ProveWitnessRequest request;
  request.set_zkey_id(key.zkey_id());
  request.set_wtns(fixture_bytes("multiplier", "witness_1.wtns"));
  v1::ProveWitnessResponse response;
  const auto status = stub->ProveWitness(context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const auto proof = groth16::evm_calldata::decode_proof(bytes_of(response.proof().evm_calldata()));
  const auto inputs = groth16::evm_calldata::decode_public_inputs(bytes_of(response.public_signals().evm_calldata()));
  ASSERT_TRUE(proof.ok() && inputs.ok());
  EXPECT_EQ(*inputs, *groth16::snarkjs::parse_public_signals(fixture("multiplier", "public_1.json")));
  const groth16::PreparedVerifyingKey vk(*groth16::snarkjs::parse_verifying_key(fixture("multiplier", "verification_key.json")));
  EXPECT_TRUE(*groth16::verify(vk, *proof, *inputs));

  // The proof is accepted for aggregation like any other.
  v1::SubmitProofRequest submit_request;
  submit_request.set_vk_hash(key.vk_hash());
  *submit_request.mutable_proof() = response.proof();
  *submit_request.mutable_public_signals() = response.public_signals();
  submit_request.set_rollup_id("prover-client");
  EXPECT_TRUE(submit(submit_request).ok());

  const std::string metrics = metrics_text();
  EXPECT_NE(metrics.find("proofagg_kernel_seconds_count{backend=\"cpu\",kernel=\"ntt\"}"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("proofagg_kernel_seconds_count{backend=\"cpu\",kernel=\"msm_g2\"}"), std::string::npos);
  EXPECT_NE(metrics.find("proofagg_prove_seconds_count 1"), std::string::npos);

  request.set_wtns("not a witness");
  EXPECT_EQ(stub->ProveWitness(context().get(), request, &response).error_code(), StatusCode::INVALID_ARGUMENT);
  request.set_wtns(fixture_bytes("poseidon_chain", "witness_0.wtns"));  // another circuit's witness
  EXPECT_EQ(stub->ProveWitness(context().get(), request, &response).error_code(), StatusCode::INVALID_ARGUMENT);
  request.set_zkey_id(std::string(32, '\x01'));
  EXPECT_EQ(stub->ProveWitness(context().get(), request, &response).error_code(), StatusCode::NOT_FOUND);
  key_request.set_zkey("not a zkey");
  EXPECT_EQ(stub->RegisterProvingKey(context().get(), key_request, &key).error_code(), StatusCode::INVALID_ARGUMENT);

  // Registered keys are kept across a restart.
  stub.reset();
  channel.reset();
  server.reset();
  start();
  request.set_zkey_id(key.zkey_id());
  request.set_wtns(fixture_bytes("multiplier", "witness_0.wtns"));
  EXPECT_TRUE(stub->ProveWitness(context().get(), request, &response).ok());
}

TEST_F(ServerTest, ADeviceFailureIsUnavailableNotTheCallersFault) {
  if (cuda::device_status().available) GTEST_SKIP() << "this machine has a CUDA device";
  options.prover_backend = "cuda";
  start();
  v1::RegisterProvingKeyRequest key_request;
  key_request.set_zkey(fixture_bytes("multiplier", "multiplier.zkey"));
  v1::RegisterProvingKeyResponse key;
  ASSERT_TRUE(stub->RegisterProvingKey(context().get(), key_request, &key).ok());
  v1::ProveWitnessRequest request;
  request.set_zkey_id(key.zkey_id());
  request.set_wtns(fixture_bytes("multiplier", "witness_1.wtns"));
  v1::ProveWitnessResponse response;
  const auto status = stub->ProveWitness(context().get(), request, &response);
  EXPECT_EQ(status.error_code(), StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_NE(status.error_message().find("cuda backend unavailable"), std::string::npos) << status.error_message();
}

TEST_F(ServerTest, AnswersHealthChecksAndReflectionAndServesMetrics) {
  start();
  EXPECT_EQ(health_status(channel), 1);  // SERVING
  grpc::GenericStub generic(channel);

  // Server reflection (what grpcurl uses): list_services = "*" names our service.
  {
    grpc::CompletionQueue queue;
    grpc::ClientContext reflection_context;
    reflection_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    auto call = generic.PrepareCall(&reflection_context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                                    &queue);
    const auto step = [&](int tag) {
      void* got = nullptr;
      bool ok = false;
      return queue.Next(&got, &ok) && got == reinterpret_cast<void*>(static_cast<std::intptr_t>(tag)) && ok;
    };
    call->StartCall(reinterpret_cast<void*>(1));
    ASSERT_TRUE(step(1));
    grpc::Slice list_services(std::string("\x3a\x01*", 3));  // field 7 (list_services) = "*"
    grpc::ByteBuffer message(&list_services, 1);
    call->Write(message, reinterpret_cast<void*>(2));
    ASSERT_TRUE(step(2));
    grpc::ByteBuffer reply_buffer;
    call->Read(&reply_buffer, reinterpret_cast<void*>(3));
    ASSERT_TRUE(step(3));
    std::vector<grpc::Slice> reply_slices;
    ASSERT_TRUE(reply_buffer.Dump(&reply_slices).ok());
    std::string services;
    for (const auto& s : reply_slices) services.append(reinterpret_cast<const char*>(s.begin()), s.size());
    EXPECT_NE(services.find("proofagg.v1.ProofAggregator"), std::string::npos);
    EXPECT_NE(services.find("grpc.health.v1.Health"), std::string::npos);
    reflection_context.TryCancel();
    grpc::Status finished;
    call->Finish(&finished, reinterpret_cast<void*>(4));
    step(4);
    queue.Shutdown();
    void* tag = nullptr;
    bool ok = false;
    while (queue.Next(&tag, &ok)) {}
  }

  const std::string metrics = metrics_text();
  EXPECT_NE(metrics.find("200 OK"), std::string::npos);
  for (const char* name : {"proofagg_submissions_total", "proofagg_proofs_verified_total", "proofagg_proofs_included_total",
                           "proofagg_slots_aggregated_total", "proofagg_slot_deadline_misses_total",
                           "proofagg_intake_latency_seconds", "proofagg_verification_batch_seconds",
                           "proofagg_aggregation_seconds", "proofagg_queue_depth", "proofagg_jobs",
                           "proofagg_device_memory_in_use_bytes", "proofagg_prove_seconds"}) {
    EXPECT_NE(metrics.find(name), std::string::npos) << name;
  }
  // Every family is ours, or one of prometheus-cpp's own that the README documents
  // (exposer_request_latencies is in seconds without the suffix; it cannot be turned off).
  const std::set<std::string> documented{"exposer_transferred_bytes_total", "exposer_scrapes_total",
                                         "exposer_request_latencies"};
  std::istringstream lines(metrics);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# TYPE ", 0) != 0) continue;
    const std::string family = line.substr(7, line.find(' ', 7) - 7);
    EXPECT_TRUE(family.rfind("proofagg_", 0) == 0 || documented.contains(family)) << family;
  }
}

// Two servers sharing one PostgreSQL database: a key registered on one is known to
// the other, proofs sent to either are included exactly once, and each slot has one
// result, whichever server closed it.
TEST(ServerCluster, TwoServersSharingPostgresIncludeEveryProofOnce) {
  std::string skip;
  const auto database = testing::PgServer::get().fresh_database(skip);
  if (!skip.empty()) GTEST_SKIP() << skip;
  ASSERT_TRUE(database.ok()) << database.error();
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("proofagg_cluster_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);

  ServerOptions options = testing::test_server_options(dir);
  options.store = testing::PgServer::get().url(*database);
  std::vector<std::unique_ptr<Server>> servers;
  std::vector<std::unique_ptr<v1::ProofAggregator::Stub>> stubs;
  for (const char* node : {"a", "b"}) {
    options.node_id = node;
    options.data_dir = (dir / node).string();
    auto started = Server::start(options);
    ASSERT_TRUE(started.ok()) << started.error();
    stubs.push_back(v1::ProofAggregator::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string((*started)->port()), grpc::InsecureChannelCredentials())));
    servers.push_back(std::move(*started));
  }
  const auto call = [](auto method) {
    grpc::ClientContext c;
    c.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return method(&c);
  };

  std::map<std::string, std::string> keys;
  for (const char* circuit : {"multiplier", "poseidon_chain", "poseidon_preimage"}) {
    v1::RegisterVerifyingKeyRequest request;
    request.set_snarkjs_json(fixture(circuit, "verification_key.json"));
    v1::RegisterVerifyingKeyResponse response;
    ASSERT_TRUE(call([&](grpc::ClientContext* c) { return stubs[0]->RegisterVerifyingKey(c, request, &response); }).ok());
    keys[circuit] = response.vk_hash();
  }
  std::vector<std::string> job_ids;
  for (std::size_t i = 0; i < kFixtureProofs.size(); ++i) {
    const FixtureProof& p = kFixtureProofs[i];
    v1::SubmitProofRequest request;
    request.set_vk_hash(keys[p.circuit]);
    request.mutable_proof()->set_snarkjs_json(fixture(p.circuit, "proof_" + std::to_string(p.index) + ".json"));
    request.mutable_public_signals()->set_snarkjs_json(fixture(p.circuit, "public_" + std::to_string(p.index) + ".json"));
    request.set_rollup_id("rollup");
    v1::SubmitProofResponse response;
    const auto status = call([&](grpc::ClientContext* c) { return stubs[i % 2]->SubmitProof(c, request, &response); });
    ASSERT_TRUE(status.ok()) << status.error_message();
    job_ids.push_back(response.job_id());
    if (i == 3) std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // spread over two slots
  }

  std::map<std::uint64_t, std::vector<std::string>> by_slot;
  for (const std::string& id : job_ids) {
    v1::GetJobRequest get;
    get.set_job_id(id);
    v1::Job job;
    for (int tries = 0; tries < 100; ++tries) {
      ASSERT_TRUE(call([&](grpc::ClientContext* c) { return stubs[1]->GetJob(c, get, &job); }).ok());
      if (job.state() == v1::JOB_STATE_INCLUDED) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(job.state(), v1::JOB_STATE_INCLUDED) << id;
    by_slot[job.slot()].push_back(id);
  }
  std::size_t listed = 0;
  for (const auto& [slot, ids] : by_slot) {
    v1::GetSlotAggregateRequest request;
    request.set_slot(slot);
    v1::SlotAggregate from_a, from_b;
    ASSERT_TRUE(call([&](grpc::ClientContext* c) { return stubs[0]->GetSlotAggregate(c, request, &from_a); }).ok());
    ASSERT_TRUE(call([&](grpc::ClientContext* c) { return stubs[1]->GetSlotAggregate(c, request, &from_b); }).ok());
    EXPECT_EQ(from_a.SerializeAsString(), from_b.SerializeAsString());
    const std::set<std::string> in_slot(from_a.job_ids().begin(), from_a.job_ids().end());
    EXPECT_EQ(in_slot.size(), static_cast<std::size_t>(from_a.job_ids_size()));  // no job twice
    for (const std::string& id : ids) EXPECT_TRUE(in_slot.contains(id)) << id;
    listed += in_slot.size();
  }
  EXPECT_EQ(listed, job_ids.size());
  servers.clear();
  std::filesystem::remove_all(dir);
}

// --- Hardening: what an operator and an attacker hit first -------------------------

TEST_F(ServerTest, ASecondServerOnABusyPortRefusesToStart) {
  start();
  ServerOptions second = testing::test_server_options(dir / "second");
  second.listen = "127.0.0.1:" + std::to_string(server->port());
  const auto refused = Server::start(second);
  ASSERT_FALSE(refused.ok()) << "a second server shares port " << server->port();
  EXPECT_EQ(refused.error().rfind("cannot listen on " + second.listen, 0), 0u) << refused.error();
  // The first one still answers every call.
  EXPECT_EQ(register_key("multiplier").size(), 32u);
}

// Anyone can re-randomise a Groth16 proof; the copy is the same statement, so the
// same job (and one leaf), not a new one.
TEST_F(ServerTest, MalleatedProofsAreTheSameJob) {
  options.metrics_listen = "127.0.0.1:0";
  start();
  const std::string vk_hash = register_key("multiplier");
  const v1::SubmitProofRequest original = submission(vk_hash, kFixtureProofs[0]);
  v1::SubmitProofResponse first, copy;
  ASSERT_TRUE(submit(original, &first).ok());

  auto proof = *groth16::snarkjs::parse_proof(original.proof().snarkjs_json());
  proof.a = -proof.a;  // e(-A, -B) = e(A, B)
  proof.b = -proof.b;
  ASSERT_NE(proof, *groth16::snarkjs::parse_proof(original.proof().snarkjs_json()));
  v1::SubmitProofRequest malleated = original;
  const auto bytes = groth16::evm_calldata::encode_proof(proof);
  malleated.mutable_proof()->set_evm_calldata(std::string(bytes.begin(), bytes.end()));
  ASSERT_TRUE(submit(malleated, &copy).ok());
  EXPECT_EQ(copy.job_id(), first.job_id());
  EXPECT_EQ(metric("proofagg_submissions_total{outcome=\"accepted\",reason=\"ok\"}"), 1);
  EXPECT_EQ(metric("proofagg_submissions_total{outcome=\"duplicate\",reason=\"ok\"}"), 1);

  // Another rollup naming itself on an open server cannot take the statement over.
  malleated.set_rollup_id("someone-else");
  const auto taken = submit(malleated);
  EXPECT_EQ(taken.error_code(), StatusCode::ALREADY_EXISTS) << taken.error_message();
}

TEST_F(ServerTest, SimultaneousDuplicatesAreCountedOnce) {
  options.metrics_listen = "127.0.0.1:0";
  start();
  const std::string vk_hash = register_key("poseidon_preimage");
  const v1::SubmitProofRequest request = submission(vk_hash, {"poseidon_preimage", 1});
  constexpr int kCopies = 12;
  std::vector<std::string> ids(kCopies);
  std::vector<std::thread> threads;
  std::promise<void> go;
  std::shared_future<void> ready = go.get_future().share();
  for (int i = 0; i < kCopies; ++i) {
    threads.emplace_back([&, i] {
      ready.wait();
      v1::SubmitProofResponse response;
      if (submit(request, &response).ok()) ids[i] = response.job_id();
    });
  }
  go.set_value();
  for (auto& t : threads) t.join();
  for (const std::string& id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_EQ(metric("proofagg_submissions_total{outcome=\"accepted\",reason=\"ok\"}"), 1);
  EXPECT_EQ(metric("proofagg_submissions_total{outcome=\"duplicate\",reason=\"ok\"}"), kCopies - 1);
  EXPECT_EQ(metric("proofagg_proofs_verified_total"), 1);
}

TEST_F(ServerTest, KeyOwnersDecideWhoSubmitsAndJobsAreVisibleToTheirRollupOnly) {
  const std::string token_a = "token-for-rollup-a-0123456789", token_b = "token-for-rollup-b-0123456789";
  options.tokens_file = (dir / "tokens.json").string();
  std::filesystem::create_directories(dir);
  std::ofstream(options.tokens_file) << nlohmann::json{
      {"rollups", {{{"rollup_id", "rollup-a"}, {"token", token_a}}, {{"rollup_id", "rollup-b"}, {"token", token_b}}}}}
                                            .dump();
  start();
  const std::string vk_hash = register_key("multiplier", token_a);  // rollup-a owns it
  const auto submit_as = [&](const std::string& token, const FixtureProof& p, v1::SubmitProofResponse* out = nullptr) {
    v1::SubmitProofRequest r = submission(vk_hash, p);
    r.clear_rollup_id();
    return submit(r, out, token);
  };
  const auto denied = submit_as(token_b, kFixtureProofs[0]);
  EXPECT_EQ(denied.error_code(), StatusCode::PERMISSION_DENIED) << denied.error_message();
  v1::SubmitProofResponse mine;
  ASSERT_TRUE(submit_as(token_a, kFixtureProofs[0], &mine).ok());

  v1::GetJobRequest get;
  get.set_job_id(mine.job_id());
  v1::Job job;
  EXPECT_TRUE(stub->GetJob(context(token_a).get(), get, &job).ok());
  const auto hidden = stub->GetJob(context(token_b).get(), get, &job);
  EXPECT_EQ(hidden.error_code(), StatusCode::NOT_FOUND);  // indistinguishable from no job

  // Only the owner names submitters; then rollup-b may submit, but not take a's statement.
  v1::RegisterVerifyingKeyRequest grant;
  grant.set_snarkjs_json(fixture("multiplier", "verification_key.json"));
  grant.mutable_submitters()->add_rollup_ids("rollup-b");
  v1::RegisterVerifyingKeyResponse granted;
  EXPECT_EQ(stub->RegisterVerifyingKey(context(token_b).get(), grant, &granted).error_code(),
            StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub->RegisterVerifyingKey(context(token_a).get(), grant, &granted).ok());
  EXPECT_TRUE(submit_as(token_b, kFixtureProofs[1]).ok());
  EXPECT_EQ(submit_as(token_b, kFixtureProofs[0]).error_code(), StatusCode::ALREADY_EXISTS);

  v1::GetVerifyingKeyRequest key_request;
  key_request.set_vk_hash(vk_hash);
  v1::VerifyingKey key;
  ASSERT_TRUE(stub->GetVerifyingKey(context(token_b).get(), key_request, &key).ok());
  EXPECT_EQ(key.owner_rollup_id(), "rollup-a");
  ASSERT_EQ(key.submitters_size(), 1);
  EXPECT_EQ(key.submitters(0), "rollup-b");

  // "bearer" in lower case is the same scheme (RFC 7235).
  grpc::ClientContext lower;
  lower.AddMetadata("authorization", "bearer " + token_a);
  EXPECT_TRUE(stub->GetJob(&lower, get, &job).ok());
}

TEST_F(ServerTest, DegenerateVerifyingKeysAreRefusedAtRegistration) {
  start();
  const auto vk = *groth16::snarkjs::parse_verifying_key(fixture("multiplier", "verification_key.json"));
  const auto refused = [&](const groth16::VerifyingKey& k, const std::string& reason) {
    v1::RegisterVerifyingKeyRequest request;
    request.set_snarkjs_json(groth16::snarkjs::format_verifying_key(k));
    v1::RegisterVerifyingKeyResponse response;
    const auto status = stub->RegisterVerifyingKey(context().get(), request, &response);
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << reason;
    EXPECT_EQ(status.error_message(), "verifying key: degenerate verifying key: " + reason);
  };
  groth16::VerifyingKey k = vk;
  k.delta = ec::G2Affine::infinity();
  refused(k, "vk_delta_2 is the point at infinity");
  k = vk;
  k.gamma = vk.delta;
  refused(k, "vk_gamma_2 equals vk_delta_2 or its negation");
  k = vk;
  k.ic[1] = ec::G1Affine::infinity();
  refused(k, "IC[1] is the point at infinity");
}

TEST_F(ServerTest, TheStoreKeepsItsSlotClockUnlessMigrated) {
  start();
  const std::string vk_hash = register_key("multiplier");
  v1::SubmitProofRequest request = submission(vk_hash, kFixtureProofs[0]);
  request.set_target_slot(60);  // a minute ahead under 1-second slots
  v1::SubmitProofResponse response;
  ASSERT_TRUE(submit(request, &response).ok());
  stub.reset();
  channel.reset();
  server.reset();

  options.slot_ms = 12000;  // same data folder, another clock
  options.cutoff_ms = 3000;
  const auto refused = Server::start(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error_kind(), ErrorKind::kFailedPrecondition);
  EXPECT_NE(refused.error().find("--migrate-slot-clock"), std::string::npos) << refused.error();

  options.migrate_slot_clock = true;
  start();
  const SlotClock clock(SlotClock::Clock::time_point(std::chrono::milliseconds(options.genesis_unix_ms)),
                        std::chrono::milliseconds(options.slot_ms), std::chrono::milliseconds(options.cutoff_ms));
  v1::GetJobRequest get;
  get.set_job_id(response.job_id());
  v1::Job job;
  ASSERT_TRUE(stub->GetJob(context().get(), get, &job).ok());
  EXPECT_LE(job.slot(), clock.open_slot(SlotClock::Clock::now()));  // waits for the new clock's next slot, not slot 60
}

TEST_F(ServerTest, StatusCodesFollowTheFailure) {
  start();
  const std::string vk_hash = register_key("multiplier");
  v1::SubmitProofRequest binary = submission(vk_hash, kFixtureProofs[0]);
  binary.mutable_proof()->set_snarkjs_json(std::string("\x7f" "ELF\xff\xfe\x00\x01", 8));
  const auto not_text = submit(binary);
  EXPECT_EQ(not_text.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(not_text.error_message(), "proof (snarkjs JSON): not UTF-8 text (a binary file sent as JSON?)");

  // Nested brackets and oversized arrays are refused by shape, not parsed.
  v1::SubmitProofRequest nested = submission(vk_hash, kFixtureProofs[0]);
  nested.mutable_proof()->set_snarkjs_json(std::string(1 << 20, '[') + std::string(1 << 20, ']'));
  EXPECT_NE(submit(nested).error_message().find("nested deeper than"), std::string::npos);
  v1::SubmitProofRequest long_array = submission(vk_hash, kFixtureProofs[0]);
  std::string signals = "[";
  for (int i = 0; i < 100000; ++i) signals += "\"1\",";
  long_array.mutable_public_signals()->set_snarkjs_json(signals + "\"1\"]");
  const auto too_many = submit(long_array);
  EXPECT_EQ(too_many.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(too_many.error_message().find("more than 1 public signals"), std::string::npos) << too_many.error_message();

  v1::GetSlotAggregateRequest far;
  far.set_slot(std::numeric_limits<std::uint64_t>::max());
  v1::SlotAggregate aggregate;
  const auto out_of_range = stub->GetSlotAggregate(context().get(), far, &aggregate);
  EXPECT_EQ(out_of_range.error_code(), StatusCode::INVALID_ARGUMENT) << out_of_range.error_message();

  v1::GetJobRequest get;
  get.set_job_id(std::string(100000, 'j'));
  v1::Job job;
  const auto bad_id = stub->GetJob(context().get(), get, &job);
  EXPECT_EQ(bad_id.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_LT(bad_id.error_message().size(), 200u);  // the id is not echoed whole
  get.set_job_id(std::string(32, 'a'));
  EXPECT_EQ(stub->GetJob(context().get(), get, &job).error_code(), StatusCode::NOT_FOUND);
}

TEST(ServerHealth, NotServingWhileTheStoreIsDown) {
  std::string skip;
  const auto database = testing::PgServer::get().fresh_database(skip);
  if (!skip.empty()) GTEST_SKIP() << skip;
  ASSERT_TRUE(database.ok()) << database.error();
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("proofagg_health_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  ServerOptions options = testing::test_server_options(dir);
  options.store = testing::PgServer::get().url(*database);
  auto started = Server::start(options);
  ASSERT_TRUE(started.ok()) << started.error();
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string((*started)->port()), grpc::InsecureChannelCredentials());
  auto stub = v1::ProofAggregator::NewStub(channel);
  const auto wait_for = [&](int status) {
    for (int i = 0; i < 100 && health_status(channel) != status; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return health_status(channel);
  };
  EXPECT_EQ(wait_for(1), 1);  // SERVING
  ASSERT_TRUE(testing::PgServer::get().halt());
  EXPECT_EQ(wait_for(2), 2);  // NOT_SERVING
  // A key lookup that cannot reach the store is UNAVAILABLE, not "unknown key".
  v1::SubmitProofRequest request;
  request.set_vk_hash(std::string(32, '\x05'));
  request.set_rollup_id("r");
  v1::SubmitProofResponse response;
  grpc::ClientContext c;
  c.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  EXPECT_EQ(stub->SubmitProof(&c, request, &response).error_code(), StatusCode::UNAVAILABLE);
  ASSERT_TRUE(testing::PgServer::get().resume());
  EXPECT_EQ(wait_for(1), 1);  // SERVING again
  started->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace proofagg::service
