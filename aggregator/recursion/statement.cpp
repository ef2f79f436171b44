#include "aggregator/recursion/statement.hpp"

#include <bit>
#include <stdexcept>

#include "aggregator/circuit/api.hpp"

namespace proofagg::recursion {

std::vector<ff::Fr> AggregationStatement::public_signals() const {
  return {digest_half(root, 0),         digest_half(root, 1),         ff::Fr::from_u64(count),
          ff::Fr::from_u64(slot),       digest_half(padded_root, 0),  digest_half(padded_root, 1)};
}

AggregationStatement statement_of(std::span<const Sha256Digest> leaves, std::size_t capacity, std::uint64_t slot) {
  if (leaves.empty() || leaves.size() > capacity || !std::has_single_bit(capacity)) {
    throw std::invalid_argument("statement_of: 1 to capacity leaves, a power of two");
  }
  std::vector<Sha256Digest> padded(leaves.begin(), leaves.end());
  padded.resize(capacity, Sha256Digest{});
  return {commit::MerkleTree::build(leaves)->root(), leaves.size(), slot, commit::MerkleTree::build(padded)->root()};
}

StatementVars declare_statement(circuit::Builder& b, const AggregationStatement& statement) {
  const auto signals = statement.public_signals();
  StatementVars out{};
  out.root = {b.public_input(signals[0]), b.public_input(signals[1])};
  out.count = b.public_input(signals[2]);
  out.slot = b.public_input(signals[3]);
  out.padded_root = {b.public_input(signals[4]), b.public_input(signals[5])};
  return out;
}

void assert_digest_is(circuit::Builder& b, std::span<const circuit::LC> digest,
                      const std::array<circuit::Variable, 2>& halves) {
  if (digest.size() != 256) throw std::logic_error("assert_digest_is: 256 bits");
  for (std::size_t half = 0; half < 2; ++half) {
    circuit::LC value;
    ff::Fr weight = ff::Fr::one();
    for (std::size_t i = 128; i-- > 0;) {
      value += digest[128 * half + i] * weight;
      weight = weight + weight;
    }
    circuit::assert_equal(b, value, halves[half]);
  }
}

}  // namespace proofagg::recursion
