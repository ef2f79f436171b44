// SHA-256 against FIPS 180-2's examples.
#include <gtest/gtest.h>

#include "aggregator/sha256/sha256.hpp"

namespace proofagg {
namespace {

std::string hex_of(const Sha256Digest& d) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (const std::uint8_t b : d) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

TEST(Sha256, MatchesFips180Examples) {
  EXPECT_EQ(hex_of(Sha256().update("abc").finish()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex_of(Sha256().finish()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // Incremental updates equal one update; update_u32 is big-endian.
  EXPECT_EQ(Sha256().update("ab").update("c").finish(), Sha256().update("abc").finish());
  const std::uint8_t be[4] = {0x01, 0x02, 0x03, 0x04};
  EXPECT_EQ(Sha256().update_u32(0x01020304).finish(), Sha256::of(be));
}

}  // namespace
}  // namespace proofagg
