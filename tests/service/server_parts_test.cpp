// The server's small parts on their own: slot arithmetic, the tokens file and rate
// limits, and the aggregate's public signals.
#include <gtest/gtest.h>

#include "service/server/auth.hpp"
#include "service/server/scheduler.hpp"
#include "service/server/slot_clock.hpp"

namespace proofagg::service {
namespace {

using std::chrono::milliseconds;

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

TEST(AggregatePublicInputs, RootHalvesCountAndSlot) {
  std::vector<std::uint8_t> root(32);
  for (std::size_t i = 0; i < 32; ++i) root[i] = static_cast<std::uint8_t>(i + 1);
  const auto words = aggregate_public_inputs(root, 0x0102, 0x0a0b0c);
  ASSERT_EQ(words.size(), 4u * 32);
  for (std::size_t i = 0; i < 16; ++i) {
    EXPECT_EQ(words[i], 0);               // high half, zero-extended
    EXPECT_EQ(words[16 + i], root[i]);
    EXPECT_EQ(words[32 + i], 0);          // low half
    EXPECT_EQ(words[48 + i], root[16 + i]);
  }
  EXPECT_EQ(words[94], 0x01);
  EXPECT_EQ(words[95], 0x02);
  EXPECT_EQ(words[125], 0x0a);
  EXPECT_EQ(words[126], 0x0b);
  EXPECT_EQ(words[127], 0x0c);
}

}  // namespace
}  // namespace proofagg::service
