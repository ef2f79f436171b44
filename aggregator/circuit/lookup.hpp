// Range checks of committed circuits by one log-derivative lookup (Haböck,
// "Multivariate lookups based on logarithmic derivatives", eprint 2022/1530; as in
// gnark's std/rangecheck and std/internal/logderivarg).
//
// Every checked value is split into c-bit chunks (hinted, recomposing to it), and
// every chunk f_i is looked up in the table {0, 1, ..., 2^c - 1} with hinted
// multiplicities m_j, all of them committed before the challenge t exists:
//     sum_i 1 / (t - f_i) = sum_j m_j / (t - j).
// If the f_i are not all in the table, the two sides differ as rational functions
// of X (Lemma 5 of the paper: a pole at some f_i that no table entry cancels, since
// the residues are counts below r), and they agree at a random t with probability at
// most (queries + 2^c) / r. Each 1 / (t - f) is a hinted wire with one constraint,
// so a check costs its chunks (plus one constraint to recompose them), and the table
// 2^c constraints once per circuit; c is chosen when the circuit is finalized to
// minimise the total, or fixed up front, and then a hinted value can be made of its
// chunks directly (add_chunks, range_checked_hint) with nothing to recompose. A top
// chunk narrower than c (w bits) is looked up twice, as f and as f 2^(c - w): both
// below 2^c means f < 2^w.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "aggregator/circuit/builder.hpp"

namespace proofagg::circuit {

class RangeLookup {
 public:
  explicit RangeLookup(Builder& b) : b_(b) {}

  // 0 <= x < 2^bits, bits <= kMaxRangeBits.
  void add(const LC& x, std::size_t bits);
  // 0 <= sum_i chunks[i] 2^(c i) < 2^bits for the fixed width c: the chunks are the
  // queries (ceil(bits / c) of them, the top one also shifted when narrower).
  void add_chunks(std::span<const Variable> chunks, std::size_t bits);
  std::optional<std::size_t> fixed_chunk_bits() const {
    return fixed_chunk_bits_ ? std::optional<std::size_t>(static_cast<std::size_t>(chunk_bits_)) : std::nullopt;
  }
  // Before the commitment: chunks, their recomposition and the multiplicities.
  void decompose();
  // After it: the identity at the challenge.
  void prove();
  // A fixed chunk width (2 .. kMaxChunkBits) instead of the cheapest.
  void set_chunk_bits(int bits);
  static constexpr int kMaxChunkBits = 16;
  std::size_t table_rows() const { return used() ? std::size_t{1} << chunk_bits_ : 0; }

 private:
  struct Request {
    LC x;
    std::size_t bits;
  };
  bool used() const { return !requests_.empty() || !queries_.empty(); }
  void add_top_query(const LC& top_chunk, std::size_t bits);

  Builder& b_;
  std::vector<Request> requests_;
  std::vector<LC> queries_;
  std::vector<Variable> multiplicities_;
  int chunk_bits_ = 0;
  bool fixed_chunk_bits_ = false;
};

}  // namespace proofagg::circuit
