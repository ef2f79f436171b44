#include "aggregator/groth16/wtns.hpp"

#include <string>

#include "aggregator/formats/binfile.hpp"

namespace proofagg::groth16 {

using formats::BinFile;
using formats::Reader;

Result<std::vector<ff::Fr>> read_wtns(std::span<const std::uint8_t> bytes) {
  const Result<BinFile> file = BinFile::parse(bytes, "wtns", 2, "wtns");
  if (!file) return file.failure();
  const auto header = file->section(1);
  if (!header) return header.failure();
  Reader h(*header, "wtns header");
  if (Status s = h.expect_field(ff::FrParams::modulus(), "scalar field order"); !s) return s.failure();
  const auto count = h.u32();
  if (!count) return count.failure();
  if (Status s = h.expect_end(); !s) return s.failure();
  const auto values = file->section(2);
  if (!values) return values.failure();
  if (values->size() != std::size_t{*count} * 32) {
    return make_error("wtns values: " + std::to_string(values->size()) + " bytes for " + std::to_string(*count) +
                      " values of 32 bytes");
  }
  Reader v(*values, "wtns values");
  std::vector<ff::Fr> witness(*count);
  for (std::uint32_t i = 0; i < *count; ++i) {
    const auto x = v.canonical(ff::FrParams::modulus(), "witness value " + std::to_string(i));
    if (!x) return x.failure();
    witness[i] = ff::Fr::from_canonical(*x);
  }
  return witness;
}

std::vector<std::uint8_t> write_wtns(std::span<const ff::Fr> witness) {
  formats::Writer w("wtns", 2, 2);
  w.begin_section(1);
  w.u32(32);
  w.limbs(ff::FrParams::modulus());
  w.u32(static_cast<std::uint32_t>(witness.size()));
  w.end_section();
  w.begin_section(2);
  for (const ff::Fr& x : witness) w.limbs(x.to_canonical());
  w.end_section();
  return w.finish();
}

}  // namespace proofagg::groth16
