// Poseidon against values no one here computed: circom witnesses of circomlib's
// Poseidon(2) made by snarkjs (shared/fixtures/snarkjs, where public_0.json holds
// Poseidon(1, 2)), and the published test vectors of circomlib, circomlibjs,
// go-iden3-crypto and light-poseidon, which together cover every width but t = 14
// and t = 16 (those share every line of code with the others).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "aggregator/commit/poseidon.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "aggregator/groth16/wtns.hpp"
#include "kernels/core/hex.hpp"
#include "kernels/ff/codec.hpp"
#include "tests/support/files.hpp"

namespace proofagg::commit {
namespace {

using ff::Fr;
using nlohmann::json;

// A decimal, or 0x and 64 hex digits; a malformed vector fails the test.
Fr parse_fr(std::string_view text) {
  Result<Fr> x = make_error("not a 32-byte word");
  if (text.starts_with("0x")) {
    const Result<std::vector<std::uint8_t>> bytes = hex_decode(text);
    if (bytes.ok() && bytes->size() == ff::kFieldBytes) {
      ff::FieldBytes word{};
      std::copy(bytes->begin(), bytes->end(), word.begin());
      x = ff::field_from_be_bytes<Fr>(word);
    }
  } else {
    x = ff::field_from_decimal<Fr>(text);
  }
  if (!x.ok()) {
    ADD_FAILURE() << text << ": " << x.error();
    return Fr::zero();
  }
  return *x;
}

std::vector<Fr> as_fr(const std::vector<std::uint64_t>& values) {
  std::vector<Fr> out;
  for (const std::uint64_t v : values) out.push_back(Fr::from_u64(v));
  return out;
}

std::string fixture(const std::string& circuit, const std::string& file) {
  return testing::fixture_path("snarkjs/" + circuit + "/" + file);
}

// circom's witness layout: [1, outputs..., public inputs..., private inputs..., ...].
Fr first_output(const std::string& witness_path) {
  const Result<std::vector<Fr>> witness = groth16::read_wtns(testing::read_bytes(witness_path));
  EXPECT_TRUE(witness.ok()) << witness.error();
  return witness->at(1);
}

TEST(Poseidon, MatchesCircomWitnessesOfPoseidonPreimage) {
  int checked = 0;
  for (int i = 0; testing::exists(fixture("poseidon_preimage", "input_" + std::to_string(i) + ".json")); ++i) {
    const std::string n = std::to_string(i);
    const json input = json::parse(testing::read_text(fixture("poseidon_preimage", "input_" + n + ".json")));
    const std::vector<Fr> preimage = {parse_fr(input.at("x").get<std::string>()),
                                      parse_fr(input.at("y").get<std::string>())};
    const auto signals = groth16::snarkjs::parse_public_signals(
        testing::read_text(fixture("poseidon_preimage", "public_" + n + ".json")));
    ASSERT_TRUE(signals.ok()) << signals.error();
    EXPECT_EQ(poseidon(preimage), signals->at(0)) << "input_" << n;
    EXPECT_EQ(poseidon(preimage), first_output(fixture("poseidon_preimage", "witness_" + n + ".wtns")));
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

TEST(Poseidon, MatchesCircomWitnessesOfPoseidonChain) {
  int checked = 0;
  for (int i = 0; testing::exists(fixture("poseidon_chain", "input_" + std::to_string(i) + ".json")); ++i) {
    const std::string n = std::to_string(i);
    const json input = json::parse(testing::read_text(fixture("poseidon_chain", "input_" + n + ".json")));
    Fr h = parse_fr(input.at("seed").get<std::string>());
    for (std::uint64_t step = 0; step < 6; ++step) {  // h_{i+1} = Poseidon(h_i, i)
      const std::vector<Fr> pair = {h, Fr::from_u64(step)};
      h = poseidon(pair);
    }
    const auto signals = groth16::snarkjs::parse_public_signals(
        testing::read_text(fixture("poseidon_chain", "public_" + n + ".json")));
    ASSERT_TRUE(signals.ok()) << signals.error();
    EXPECT_EQ(h, signals->at(0)) << "input_" << n;
    EXPECT_EQ(h, first_output(fixture("poseidon_chain", "witness_" + n + ".wtns")));
    ++checked;
  }
  EXPECT_EQ(checked, 2);
}

struct PublishedVector {
  std::vector<std::uint64_t> inputs;
  std::string_view expected;
  std::string_view source;
};

TEST(Poseidon, MatchesPublishedVectors) {
  const PublishedVector vectors[] = {
      // github.com/iden3/circomlibjs test/poseidon.js
      {{1, 2}, "0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a", "circomlibjs"},
      {{1, 2, 3, 4}, "0x299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465", "circomlibjs"},
      // github.com/iden3/circomlib test/poseidoncircuit.js (circomlib 2.0.5)
      {{1, 2, 0, 0, 0}, "1018317224307729531995786483840663576608797660851238720571059489595066344487", "circomlib"},
      {{3, 4, 5, 10, 23}, "13034429309846638789535561449942021891039729847501137143363028890275222221409",
       "circomlib"},
      {{3, 4}, "14763215145315200506921711489642608356394854266165572616578112107564877678998", "circomlib"},
      // github.com/iden3/go-iden3-crypto poseidon/poseidon_test.go (TestPoseidonHash)
      {{1}, "18586133768512220936620570745912940619677854269274689475585506675881198879027", "go-iden3-crypto"},
      {{1, 2, 0, 0, 0, 0}, "15336558801450556532856248569924170992202208561737609669134139141992924267169",
       "go-iden3-crypto"},
      {{3, 4, 0, 0, 0}, "5811595552068139067952687508729883632420015185677766880877743348592482390548",
       "go-iden3-crypto"},
      {{3, 4, 0, 0, 0, 0}, "12263118664590987767234828103155242843640892839966517009184493198782366909018",
       "go-iden3-crypto"},
      {{1, 2, 3, 4, 5, 6}, "20400040500897583745843009878988256314335038853985262692600694741116813247201",
       "go-iden3-crypto"},
      {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14},
       "8354478399926161176778659061636406690034081872658507739535256090879947077494", "go-iden3-crypto"},
      {{1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 0, 0},
       "5540388656744764564518487011617040650780060800286365721923524861648744699539", "go-iden3-crypto"},
      {{1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 0, 0, 0, 0},
       "11882816200654282475720830292386643970958445617880627439994635298904836126497", "go-iden3-crypto"},
      {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
       "9989051620750914585850546081941653841776809718687451684622678807385399211877", "go-iden3-crypto"},
  };
  for (const PublishedVector& v : vectors) {
    EXPECT_EQ(poseidon(as_fr(v.inputs)), parse_fr(v.expected)) << v.source << ", " << v.inputs.size() << " inputs";
  }
}

TEST(Poseidon, MatchesCircomlibjsOnOnesForOneToTwelveInputs) {
  // github.com/Lightprotocol/light-poseidon light-poseidon/tests/bn254_fq_x5.rs,
  // TEST_CASES ("created with circomlibjs poseidon([1, ...])"), written here in hex.
  constexpr std::string_view kExpected[] = {
      "0x29176100eaa962bdc1fe6c654d6a3c130e96a4d1168b33848b897dc502820133",
      "0x007af346e2d304279e79e0a9f3023f771294a78acb70e73f90afe27cad401e81",
      "0x02c0066e10a72abd2b33c3b214cb3e81bcb1b6e30961cd23c202b18673bf2543",
      "0x082c9c370a0d24f4416fbc414a37681f78442d27d86385991c17d6fc0c4b7d71",
      "0x10389605ae688d4f14db853122c47d66a803c72b41589cb1bf868741b206b9bb",
      "0x2a73f679328c3eab724aa3e5bdbf50b39035d7729f135b9709890f85c5dc5e76",
      "0x2276310aa7f3343a284214139d9da959be2a31b2c708a5f81954b265e53a30b8",
      "0x177e1453c446e1b07d2b4233425147095c4fcabb233d230b6d46a214d95b2884",
      "0x0e8fee2fe49da30fdeeb48c42ebb44cc6ee7055f61fbca5e313b8a5fca834c47",
      "0x2ec4c65e6378ab8c7330854f4a7077c1ff9260e44885c4b81dd131ad3a86cd96",
      "0x00713d41eca635f117d4ecbceb5f3a66dc4142eb70b56765bc358f1bec40bb9b",
      "0x14390be0baef249bd47c65ddac65c2e52e8513c081c1cd72c98006098e9a8fbe",
  };
  for (std::size_t n = 1; n <= std::size(kExpected); ++n) {
    const std::vector<Fr> ones(n, Fr::one());
    EXPECT_EQ(poseidon(ones), parse_fr(kExpected[n - 1])) << n << " inputs";
  }
}

TEST(Poseidon, ParametersHaveCircomlibsShapeAndAreGeneratedOnce) {
  constexpr int kPartialRounds[] = {56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68};
  for (std::size_t t = 2; t <= kPoseidonMaxInputs + 1; ++t) {
    const PoseidonParameters& p = poseidon_parameters(t);
    EXPECT_EQ(&p, &poseidon_parameters(t));
    EXPECT_EQ(p.width, t);
    EXPECT_EQ(p.full_rounds, 8);
    EXPECT_EQ(p.partial_rounds, kPartialRounds[t - 2]);
    EXPECT_EQ(p.round_constants.size(), (8 + kPartialRounds[t - 2]) * t);
    EXPECT_EQ(p.mds.size(), t * t);
  }
  EXPECT_THROW(poseidon_parameters(1), std::invalid_argument);
  EXPECT_THROW(poseidon_parameters(18), std::invalid_argument);
}

// Threads race to the first use of every width (when this test runs alone).
TEST(Poseidon, ConcurrentFirstUsesAgree) {
  const auto hash_all_widths = [] {
    std::vector<Fr> out;
    for (std::size_t n = 1; n <= kPoseidonMaxInputs; ++n) out.push_back(poseidon(std::vector<Fr>(n, Fr::one())));
    return out;
  };
  std::vector<std::vector<Fr>> seen(4);
  std::vector<std::thread> threads;
  for (std::vector<Fr>& out : seen) threads.emplace_back([&out, &hash_all_widths] { out = hash_all_widths(); });
  for (std::thread& thread : threads) thread.join();
  for (const std::vector<Fr>& out : seen) EXPECT_EQ(out, hash_all_widths());
}

TEST(Poseidon, RejectsNoInputsAndMoreThanSixteen) {
  EXPECT_THROW(poseidon(std::vector<Fr>{}), std::invalid_argument);
  EXPECT_THROW(poseidon(std::vector<Fr>(kPoseidonMaxInputs + 1, Fr::one())), std::invalid_argument);
}

}  // namespace
}  // namespace proofagg::commit
