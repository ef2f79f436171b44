#include <gtest/gtest.h>

#include "kernels/core/hex.hpp"
#include "kernels/ff/bn254.hpp"
#include "kernels/ff/codec.hpp"
#include "tests/support/random.hpp"

namespace proofagg::ff {
namespace {

constexpr const char* kP =
    "21888242871839275222246405745257275088696311157297823662689037894645226208583";

TEST(Codec, BytesRoundTrip) {
  for (int i = 0; i < 100; ++i) {
    const Fq a = testing::random_element<Fq>();
    const FieldBytes b = field_to_be_bytes(a);
    Result<Fq> back = field_from_be_bytes<Fq>(b);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, a);
  }
  FieldBytes one{};
  one[31] = 1;
  EXPECT_EQ(*field_from_be_bytes<Fq>(one), Fq::one());
}

TEST(Codec, BytesRejectNonCanonical) {
  // p itself, p + 1 and 2^256 - 1 are all out of range.
  FieldBytes p = limbs_to_be_bytes(FqParams::modulus());
  Result<Fq> r = field_from_be_bytes<Fq>(p, "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "x is not less than the field modulus");
  p[31] += 1;
  EXPECT_FALSE(field_from_be_bytes<Fq>(p).ok());
  FieldBytes all_ones;
  all_ones.fill(0xff);
  EXPECT_FALSE(field_from_be_bytes<Fq>(all_ones).ok());
  EXPECT_FALSE(field_from_be_bytes<Fr>(limbs_to_be_bytes(FrParams::modulus())).ok());
  // p - 1 is fine.
  EXPECT_TRUE(field_from_be_bytes<Fq>(limbs_to_be_bytes(limbs_sub(FqParams::modulus(), {{1, 0, 0, 0}}))).ok());
}

TEST(Codec, DecimalRoundTrip) {
  for (int i = 0; i < 100; ++i) {
    const Fr a = testing::random_element<Fr>();
    Result<Fr> back = field_from_decimal<Fr>(field_to_decimal(a));
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, a);
  }
  EXPECT_EQ(field_to_decimal(Fq::zero()), "0");
  EXPECT_EQ(*field_from_decimal<Fq>("0"), Fq::zero());
  EXPECT_EQ(*field_from_decimal<Fq>("12345"), Fq::from_u64(12345));
  EXPECT_EQ(limbs_to_decimal(limbs_from_decimal(
                                 "115792089237316195423570985008687907853269984665640564039457584007913129639935")
                                 .value()),
            "115792089237316195423570985008687907853269984665640564039457584007913129639935");
}

TEST(Codec, DecimalRejectsMalformed) {
  for (const char* bad : {"", "01", "00", "+1", "-1", " 1", "1 ", "1a", "0x10", "1.0", "１"}) {
    EXPECT_FALSE(field_from_decimal<Fq>(bad).ok()) << '"' << bad << '"';
  }
  Result<Fq> p = field_from_decimal<Fq>(kP, "public signal 0");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error(), "public signal 0 is not less than the field modulus");
  // 2^256 overflows before any modulus check.
  Result<Limbs> big =
      limbs_from_decimal("115792089237316195423570985008687907853269984665640564039457584007913129639936");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error(), "decimal value does not fit in 256 bits");
  EXPECT_FALSE(limbs_from_decimal(std::string(79, '1')).ok());
}

TEST(Hex, RoundTripAndErrors) {
  Result<std::vector<std::uint8_t>> v = hex_decode("0x00ff10Ab");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, (std::vector<std::uint8_t>{0x00, 0xff, 0x10, 0xab}));
  EXPECT_EQ(hex_encode(*v), "00ff10ab");
  EXPECT_TRUE(hex_decode("").ok());
  EXPECT_EQ(hex_decode("abc").error(), "hex input has an odd number of digits");
  EXPECT_EQ(hex_decode("zz").error(), "invalid hex character at offset 0");
  EXPECT_EQ(hex_decode("0g").error(), "invalid hex character at offset 1");
}

}  // namespace
}  // namespace proofagg::ff
