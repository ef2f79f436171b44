// The server's small parts on their own: the background loop, slot arithmetic, the tokens file and rate
// limits, the aggregate's public signals, option ranges, status codes, text checks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "service/common/files.hpp"
#include "service/server/auth.hpp"
#include "service/server/background_loop.hpp"
#include "service/server/grpc_status.hpp"
#include "service/server/key_registry.hpp"
#include "service/server/server.hpp"
#include "service/server/scheduler.hpp"
#include "service/server/slot_clock.hpp"

namespace proofagg::service {
namespace {

using std::chrono::milliseconds;

TEST(BackgroundLoop, WaitsEndAtTheirTimeOrAtStop) {
  BackgroundLoop loop;
  std::atomic<int> rounds{0};
  std::atomic<bool> stopped_early{false};
  loop.start([&] {
    while (!loop.wait_for(milliseconds(1))) {
      if (++rounds == 3) {
        // A long wait that stop() cuts short.
        const auto before = std::chrono::steady_clock::now();
        if (loop.wait_for(std::chrono::hours(1))) {
          stopped_early = std::chrono::steady_clock::now() - before < std::chrono::minutes(1);
          return;
        }
      }
    }
  });
  while (rounds < 3) std::this_thread::sleep_for(milliseconds(1));
  loop.stop();
  EXPECT_TRUE(stopped_early);
  EXPECT_EQ(rounds, 3);
  loop.stop();  // twice is harmless
  BackgroundLoop never_started;  // stops without a thread
}

TEST(SlotClock, SlotsCutoffsAndTheOpenSlot) {
  const SlotClock::Clock::time_point genesis(milliseconds(1'000'000));
  const SlotClock clock(genesis, milliseconds(12'000), milliseconds(3'000));
  EXPECT_EQ(clock.slot_at(genesis - milliseconds(1)), 0u);  // before genesis
  EXPECT_EQ(clock.slot_at(genesis), 0u);
  EXPECT_EQ(clock.slot_at(genesis + milliseconds(11'999)), 0u);
  EXPECT_EQ(clock.slot_at(genesis + milliseconds(12'000)), 1u);
  EXPECT_EQ(clock.slot_start(5), genesis + milliseconds(60'000));
  EXPECT_EQ(clock.slot_end(5), genesis + milliseconds(72'000));
  EXPECT_EQ(clock.cutoff_time(5), genesis + milliseconds(69'000));
  // Before the cut-off a proof joins the running slot; from the cut-off on, the next.
  EXPECT_EQ(clock.open_slot(genesis + milliseconds(68'999)), 5u);
  EXPECT_EQ(clock.open_slot(genesis + milliseconds(69'000)), 6u);
  EXPECT_EQ(clock.open_slot(genesis + milliseconds(71'999)), 6u);
  EXPECT_EQ(clock.open_slot(genesis + milliseconds(72'000)), 6u);
}

TEST(SlotClock, EthereumMainnetSlotNumbers) {
  // Beacon chain genesis 1606824023 s; slot 7 000 000 began at 1690824023 s (12 s slots).
  const SlotClock clock(SlotClock::Clock::time_point(milliseconds(1606824023000)), milliseconds(12'000),
                        milliseconds(3'000));
  EXPECT_EQ(clock.slot_at(SlotClock::Clock::time_point(milliseconds(1690824023000))), 7'000'000u);
}

TEST(Authenticator, ParsesTokensAndRefusesBadFiles) {
  const auto auth = Authenticator::from_json(
      R"({"rollups": [{"rollup_id": "a", "token": "0123456789abcdef-a"},
                      {"rollup_id": "b", "token": "0123456789abcdef-b", "rate_per_second": 5, "burst": 1}]})");
  ASSERT_TRUE(auth.ok()) << auth.error();
  EXPECT_TRUE(auth->enabled());
  EXPECT_EQ(*auth->authenticate("Bearer 0123456789abcdef-b"), "b");
  EXPECT_EQ(auth->authenticate("").error(), "missing bearer token (metadata \"authorization: Bearer TOKEN\")");
  EXPECT_EQ(auth->authenticate("Basic 0123456789abcdef-b").error(), "authorization metadata is not \"Bearer TOKEN\"");
  EXPECT_EQ(auth->authenticate("Bearer 0123456789abcdef-c").error(), "unknown token");
  EXPECT_FALSE(Authenticator().enabled());

  const std::pair<const char*, const char*> bad[] = {
      {"not json", "tokens file: expected {\"rollups\": [...]}"},
      {R"({"rollups": []})", "tokens file: no rollups"},
      {R"({"rollups": [{"rollup_id": "a"}]})", "tokens file: rollup 0: needs string fields rollup_id and token"},
      {R"({"rollups": [{"rollup_id": "a", "token": "short"}]})",
       "tokens file: rollup 0: rollup_id must be non-empty and the token at least 16 characters"},
      {R"({"rollups": [{"rollup_id": "a", "token": "0123456789abcdef", "burst": 0}]})",
       "tokens file: rollup 0: burst must be a positive number"},
      {R"({"rollups": [{"rollup_id": "a", "token": "0123456789abcdef"}, {"rollup_id": "b", "token": "0123456789abcdef"}]})",
       "tokens file: rollup 1: token used twice"},
  };
  for (const auto& [json, message] : bad) EXPECT_EQ(Authenticator::from_json(json).error(), message) << json;
}

TEST(Authenticator, RateLimitsRefillOverTime) {
  auto auth = Authenticator::from_json(
      R"({"rollups": [{"rollup_id": "b", "token": "0123456789abcdef-b", "rate_per_second": 2, "burst": 3}]})");
  ASSERT_TRUE(auth.ok());
  const Authenticator::Clock::time_point t0{};
  const auto at = [&](int ms) { return t0 + std::chrono::hours(1) + milliseconds(ms); };
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(auth->admit("b", at(0))) << i;  // the burst
  EXPECT_FALSE(auth->admit("b", at(0)));
  EXPECT_FALSE(auth->admit("b", at(400)));  // 0.8 tokens back
  EXPECT_TRUE(auth->admit("b", at(500)));   // 1 token
  EXPECT_FALSE(auth->admit("b", at(500)));
  EXPECT_TRUE(auth->admit("b", at(10'000)));  // refilled to the burst, not beyond
  EXPECT_TRUE(auth->admit("b", at(10'000)));
  EXPECT_TRUE(auth->admit("b", at(10'000)));
  EXPECT_FALSE(auth->admit("b", at(10'000)));
  EXPECT_TRUE(auth->admit("unlisted", at(0)));  // no limit configured for it
}

TEST(Authenticator, TheBearerSchemeIsCaseInsensitive) {
  const auto auth = Authenticator::from_json(R"({"rollups": [{"rollup_id": "a", "token": "0123456789abcdef0123"}]})");
  ASSERT_TRUE(auth.ok()) << auth.error();
  for (const char* header : {"Bearer 0123456789abcdef0123", "bearer 0123456789abcdef0123",
                             "BEARER  0123456789abcdef0123"}) {
    const auto rollup = auth->authenticate(header);
    ASSERT_TRUE(rollup.ok()) << header << ": " << rollup.error();
    EXPECT_EQ(*rollup, "a");
  }
  for (const char* header : {"Bearer0123456789abcdef0123", "Basic 0123456789abcdef0123", "Bearer wrong", ""}) {
    const auto refused = auth->authenticate(header);
    EXPECT_FALSE(refused.ok()) << header;
    if (!refused.ok()) {
      EXPECT_EQ(refused.error_kind(), ErrorKind::kUnauthenticated);
    }
  }
}

TEST(KeyPolicy, OwnersAndTheRollupsTheyName) {
  EXPECT_TRUE((KeyPolicy{"", {}}).admits("anyone"));  // registered on an open server
  const KeyPolicy own{"a", {"b"}};
  EXPECT_TRUE(own.admits("a"));
  EXPECT_TRUE(own.admits("b"));
  EXPECT_FALSE(own.admits("c"));
  EXPECT_TRUE((KeyPolicy{"a", {"*"}}).admits("c"));
}

TEST(ServerOptions, EveryNumericOptionIsRangeChecked) {
  EXPECT_TRUE(validate(ServerOptions{}).ok());
  const auto refused = [](auto change, const std::string& message) {
    ServerOptions o;
    change(o);
    const Status s = validate(o);
    ASSERT_FALSE(s.ok()) << message;
    EXPECT_EQ(s.error().rfind(message, 0), 0u) << s.error();
  };
  refused([](ServerOptions& o) { o.max_batch = 0; }, "--max-batch must be between 1 and 65536, got 0");
  refused([](ServerOptions& o) { o.max_queued = 0; }, "--max-queued must be between 1");
  refused([](ServerOptions& o) { o.max_pending_jobs = 0; }, "--max-pending-jobs must be between 1");
  refused([](ServerOptions& o) { o.max_proofs_per_slot = 0; }, "--max-proofs-per-slot must be between 1");
  refused([](ServerOptions& o) { o.max_message_bytes = 10; }, "--max-message-bytes must be between 65536");
  refused([](ServerOptions& o) { o.slot_ms = 0; }, "--slot-ms must be between 100");
  refused([](ServerOptions& o) { o.cutoff_ms = o.slot_ms; }, "--cutoff-ms must be between 0 and 11999, got 12000");
  refused([](ServerOptions& o) { o.genesis_unix_ms = -1; }, "--genesis-unix-ms must be between 0");
  refused([](ServerOptions& o) { o.max_target_slot_ahead = std::uint64_t{1} << 40; }, "--max-target-slot-ahead");
  refused([](ServerOptions& o) { o.listen.clear(); }, "--listen must be an address");
  refused([](ServerOptions& o) { o.task_lease_ms = 10; }, "--task-lease-ms must be between 1000");
  refused([](ServerOptions& o) { o.role = "prover"; }, "--role must be all, api or worker");
}

TEST(GrpcStatus, EachKindMapsToOneCode) {
  EXPECT_EQ(grpc_code(ErrorKind::kInvalidArgument), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(grpc_code(ErrorKind::kNotFound), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(grpc_code(ErrorKind::kAlreadyExists), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(grpc_code(ErrorKind::kUnauthenticated), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(grpc_code(ErrorKind::kPermissionDenied), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(grpc_code(ErrorKind::kResourceExhausted), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(grpc_code(ErrorKind::kFailedPrecondition), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(grpc_code(ErrorKind::kUnavailable), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(grpc_code(ErrorKind::kInternal), grpc::StatusCode::INTERNAL);
  const auto s = to_grpc(make_error("store: down", ErrorKind::kUnavailable), "key lookup: ");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(s.error_message(), "key lookup: store: down");
  EXPECT_EQ(to_grpc(make_error("", ErrorKind::kInternal)).error_message(), "internal");  // never empty
  EXPECT_LE(to_grpc(make_error(std::string(1 << 20, 'x'))).error_message().size(), 1100u);  // bounded
  EXPECT_EQ(bounded("short"), "short");
  EXPECT_EQ(bounded(std::string(100, 'y'), 10), "yyyyyyyyyy... (100 bytes)");
}

TEST(Files, TextMustBeUtf8) {
  EXPECT_TRUE(is_utf8("plain ASCII {\"a\": 1}"));
  EXPECT_TRUE(is_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_utf8("\xff\xfe"));
  EXPECT_FALSE(is_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_utf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(is_utf8("\xf4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_FALSE(is_utf8("\xe2\x82"));          // cut short
  const std::string dir = ::testing::TempDir();
  const std::string binary = dir + "/proofagg_binary_" + std::to_string(getpid()) + ".bin";
  const std::uint8_t bytes[] = {0x7f, 'E', 'L', 'F', 0xff, 0x00, 0x80};
  ASSERT_TRUE(write_file(binary, bytes).ok());
  const auto text = read_text_file(binary);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error(), binary + " is not UTF-8 text (a binary file where text was expected?)");
  EXPECT_TRUE(read_binary_file(binary).ok());
  std::remove(binary.c_str());
  EXPECT_EQ(read_text_file(dir).error(), "cannot read " + dir + ": it is a directory");
  EXPECT_EQ(read_text_file("/nonexistent/x").error_kind(), ErrorKind::kNotFound);
}

TEST(SlotClock, NamesOnlySlotsItsTimeTypeCanHold) {
  const SlotClock clock(SlotClock::Clock::time_point(milliseconds(1606824023000)), milliseconds(12000),
                        milliseconds(3000));
  EXPECT_GT(clock.max_slot(), 500000000u);  // past the year 2200
  EXPECT_GT(clock.slot_end(clock.max_slot()), clock.slot_start(clock.max_slot()));
}

}  // namespace
}  // namespace proofagg::service
