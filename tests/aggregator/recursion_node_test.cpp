// The node aggregation circuit over children of a small stand-in circuit with the
// aggregation statement's public signals (its key has a commitment, as a leaf's):
// the node's statement composes into the slot's one tree, it verifies honest
// children, and refuses children of another slot, a right child after a partial
// left one, a false count or root, and a proof of another key.
#include "aggregator/recursion/node.hpp"
#include "aggregator/recursion/wrapper.hpp"

#include <gtest/gtest.h>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/builder.hpp"
#include "aggregator/commit/commitments.hpp"
#include "aggregator/groth16/commitment.hpp"
#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/setup.hpp"
#include "tests/support/circuits.hpp"

namespace proofagg::recursion {
namespace {

using circuit::Builder;

std::vector<Sha256Digest> leaves(std::size_t n, std::uint8_t salt) {
  std::vector<Sha256Digest> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = Sha256::of(std::vector<std::uint8_t>{salt, static_cast<std::uint8_t>(i)});
  return out;
}

TEST(NodeStatement, ComposesIntoTheSlotsOneTree) {
  constexpr std::size_t kCapacity = 4;
  for (std::size_t n = 1; n <= 2 * kCapacity; ++n) {
    const auto all = leaves(n, 1);
    const std::size_t left_n = std::min(n, kCapacity);
    std::vector<NodeChild> children{{{}, {}, statement_of(std::span(all).first(left_n), kCapacity, 7)}};
    if (n > kCapacity) children.push_back({{}, {}, statement_of(std::span(all).subspan(kCapacity), kCapacity, 7)});
    const auto node = node_statement(kCapacity, children);
    ASSERT_TRUE(node.ok()) << node.error();
    EXPECT_EQ(*node, statement_of(all, 2 * kCapacity, 7)) << n << " leaves";
    EXPECT_EQ(node->root, commit::MerkleTree::build(all)->root()) << n;
  }
}

TEST(NodeStatement, RefusesChildrenThatDoNotCompose) {
  const auto four = leaves(4, 2);
  const NodeChild full{{}, {}, statement_of(four, 4, 7)};
  const NodeChild partial{{}, {}, statement_of(std::span(four).first(3), 4, 7)};
  NodeChild other_slot = full;
  other_slot.statement.slot = 8;
  EXPECT_FALSE(node_statement(4, std::vector{full, other_slot}).ok());
  EXPECT_FALSE(node_statement(4, std::vector{partial, full}).ok());
  EXPECT_FALSE(node_statement(2, std::vector{full}).ok());  // more than the capacity
  EXPECT_FALSE(node_statement(4, {}).ok());
  EXPECT_FALSE(node_statement(3, std::vector{partial}).ok());
  EXPECT_TRUE(node_statement(4, std::vector{full, partial}).ok());
}

// A committed circuit whose public signals are an aggregation statement, with
// nothing else to prove: children for the node at little cost.
void describe_stand_in(Builder& b, const AggregationStatement& statement) {
  const StatementVars vars = declare_statement(b, statement);
  const circuit::Variable count = b.private_input(ff::Fr::from_u64(statement.count));
  circuit::range_check(b, count, 8);
  circuit::assert_equal(b, count, vars.count);
  b.finalize();
}

class NodeCircuit : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Builder shape(Builder::Mode::kConstraints, Builder::Arithmetic::kCommitted);
    describe_stand_in(shape, {});
    const auto [begin, end] = shape.committed_wires();
    for (auto* key : {&key_, &other_key_}) {
      auto made = groth16::development_setup(shape.r1cs(), groth16::WireRange{begin, end});
      ASSERT_TRUE(made.ok()) << made.error();
      *key = std::make_unique<groth16::ProvingKey>(std::move(*made));
    }
  }
  static void TearDownTestSuite() {
    key_.reset();
    other_key_.reset();
  }
  static NodeChild child(const AggregationStatement& statement, const groth16::ProvingKey& key = *key_) {
    Builder b(Builder::Mode::kWitness, Builder::Arithmetic::kCommitted, groth16::challenge_for(*key.commitment));
    describe_stand_in(b, statement);
    const auto proven = groth16::prove(key, b.witness());
    EXPECT_TRUE(proven.ok()) << proven.error();
    return {proven->proof, *proven->commitment, statement};
  }
  static bool satisfied(std::span<const NodeChild> children, const AggregationStatement& claimed) {
    Builder b(Builder::Mode::kWitnessOnly, Builder::Arithmetic::kCommitted);
    describe_node(b, key_->verifying_key(), kCapacity, children, claimed);
    return testing::no_violation(b);
  }

  static constexpr std::size_t kCapacity = 4;
  static inline std::unique_ptr<groth16::ProvingKey> key_, other_key_;
};

TEST_F(NodeCircuit, VerifiesHonestChildrenForTheirComposedStatement) {
  const auto six = leaves(6, 3);
  const std::vector<NodeChild> two{child(statement_of(std::span(six).first(4), kCapacity, 9)),
                                   child(statement_of(std::span(six).subspan(4), kCapacity, 9))};
  EXPECT_TRUE(satisfied(two, *node_statement(kCapacity, two)));
  const auto one = std::span(two).first(1);
  EXPECT_TRUE(satisfied(one, *node_statement(kCapacity, one)));
}

TEST_F(NodeCircuit, RefusesFalseStatementsAndForeignChildren) {
  const auto eight = leaves(8, 4);
  const NodeChild left = child(statement_of(std::span(eight).first(4), kCapacity, 9));
  const NodeChild right = child(statement_of(std::span(eight).subspan(4), kCapacity, 9));
  const std::vector<NodeChild> two{left, right};
  const AggregationStatement honest = *node_statement(kCapacity, two);

  // Another slot's right child: whichever slot is claimed, one child disagrees.
  const std::vector<NodeChild> mixed{left, child(statement_of(std::span(eight).subspan(4), kCapacity, 10))};
  EXPECT_FALSE(satisfied(mixed, honest));
  // A right child after a partial left one, claimed as the sum of both.
  const NodeChild partial = child(statement_of(std::span(eight).first(3), kCapacity, 9));
  const std::vector<NodeChild> gap{partial, right};
  AggregationStatement gap_claim = honest;
  gap_claim.count = 7;
  gap_claim.padded_root = gap_claim.root = commit::sha256_pair(partial.statement.padded_root, right.statement.padded_root);
  EXPECT_FALSE(satisfied(gap, gap_claim));
  // A count, a root, a padded root or a slot other than the children's.
  for (int change = 0; change < 4; ++change) {
    AggregationStatement lie = honest;
    if (change == 0) lie.count += 1;
    if (change == 1) lie.root[5] ^= 1;
    if (change == 2) lie.padded_root[31] ^= 0x80;
    if (change == 3) lie.slot += 1;
    EXPECT_FALSE(satisfied(two, lie)) << "change " << change;
  }
  // The unused right child's count does not count, whatever the left one's.
  const std::vector<NodeChild> alone{left};
  AggregationStatement doubled = *node_statement(kCapacity, alone);
  doubled.count = 8;
  EXPECT_FALSE(satisfied(alone, doubled));
  // A proof of the same statement under another key (of the same circuit).
  const std::vector<NodeChild> foreign{left, child(right.statement, *other_key_)};
  EXPECT_FALSE(satisfied(foreign, honest));
}

TEST_F(NodeCircuit, EveryPublicSignalIsPinnedDown) {
  const auto five = leaves(5, 5);
  const std::vector<NodeChild> two{child(statement_of(std::span(five).first(4), kCapacity, 9)),
                                   child(statement_of(std::span(five).subspan(4), kCapacity, 9))};
  Builder b(Builder::Mode::kWitness, Builder::Arithmetic::kCommitted);
  describe_node(b, key_->verifying_key(), kCapacity, two, *node_statement(kCapacity, two));
  std::vector<std::uint32_t> signals;
  for (std::uint32_t i = 1; i <= kAggregationSignals; ++i) signals.push_back(i);
  testing::expect_each_change_breaks(b, signals);
  std::cout << "node over two children: " << b.constraints() << " constraints (" << b.lookup_table_rows()
            << " of them the lookup table)\n";
}

// The wrapper (plain) over the same stand-in: it exposes the slot's four signals of
// a verified proof, and refuses any other four (a plain circuit of some 8M
// constraints: values only).
TEST_F(NodeCircuit, TheWrapperExposesTheSlotStatementOfAVerifiedProof) {
  const NodeChild top = child(statement_of(leaves(3, 6), kCapacity, 11));
  for (int change = -1; change < 4; ++change) {
    NodeChild claimed = top;
    if (change == 0) claimed.statement.root[0] ^= 1;
    if (change == 1) claimed.statement.root[31] ^= 1;
    if (change == 2) claimed.statement.count += 1;
    if (change == 3) claimed.statement.slot += 1;
    Builder b(Builder::Mode::kWitnessOnly, Builder::Arithmetic::kPlain);
    describe_wrapper(b, key_->verifying_key(), claimed);
    EXPECT_EQ(b.public_inputs(), kSlotSignals);
    EXPECT_EQ(testing::no_violation(b), change < 0) << "change " << change;
    if (change < 0) EXPECT_EQ(b.witness()[3], ff::Fr::from_u64(3));  // the count
  }
}

}  // namespace
}  // namespace proofagg::recursion
