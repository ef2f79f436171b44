#include "aggregator/groth16/evm_calldata.hpp"

#include <algorithm>
#include <string>

#include "aggregator/evm/precompile.hpp"
#include "kernels/ff/codec.hpp"

namespace proofagg::groth16::evm_calldata {

using proofagg::evm::kG1Bytes;
using proofagg::evm::kG2Bytes;
using proofagg::evm::kWordBytes;

ProofBytes encode_proof(const Proof& proof) {
  ProofBytes out{};
  const auto a = evm::encode_g1(proof.a);
  const auto b = evm::encode_g2(proof.b);
  const auto c = evm::encode_g1(proof.c);
  std::copy(a.begin(), a.end(), out.begin());
  std::copy(b.begin(), b.end(), out.begin() + kG1Bytes);
  std::copy(c.begin(), c.end(), out.begin() + kG1Bytes + kG2Bytes);
  return out;
}

Result<Proof> decode_proof(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kProofBytes) {
    return make_error("proof calldata must be " + std::to_string(kProofBytes) + " bytes, got " +
                      std::to_string(bytes.size()));
  }
  const auto fixed = bytes.first<kProofBytes>();
  const Result<ec::G1Affine> a = evm::decode_g1(fixed.first<kG1Bytes>());
  if (!a) return make_error("proof A: " + a.error());
  const Result<ec::G2Affine> b = evm::decode_g2(fixed.subspan<kG1Bytes, kG2Bytes>());
  if (!b) return make_error("proof B: " + b.error());
  const Result<ec::G1Affine> c = evm::decode_g1(fixed.subspan<kG1Bytes + kG2Bytes, kG1Bytes>());
  if (!c) return make_error("proof C: " + c.error());
  return Proof{*a, *b, *c};
}

std::vector<std::uint8_t> encode_public_inputs(std::span<const ff::Fr> inputs) {
  std::vector<std::uint8_t> out;
  out.reserve(inputs.size() * kWordBytes);
  for (const ff::Fr& x : inputs) {
    const ff::FieldBytes word = ff::field_to_be_bytes(x);
    out.insert(out.end(), word.begin(), word.end());
  }
  return out;
}

Result<std::vector<ff::Fr>> decode_public_inputs(std::span<const std::uint8_t> bytes) {
  if (bytes.size() % kWordBytes != 0) {
    return make_error("public inputs calldata must be a multiple of 32 bytes, got " + std::to_string(bytes.size()));
  }
  std::vector<ff::Fr> inputs;
  for (std::size_t i = 0; i < bytes.size() / kWordBytes; ++i) {
    const std::string what = "public input " + std::to_string(i);
    Result<ff::Fr> x = ff::field_from_be_bytes<ff::Fr>(bytes.subspan(i * kWordBytes).first<kWordBytes>(), what);
    if (!x) return x.failure();
    inputs.push_back(*x);
  }
  return inputs;
}

}  // namespace proofagg::groth16::evm_calldata
