#include "aggregator/groth16/snarkjs_json.hpp"

#include <nlohmann/json.hpp>

#include "aggregator/curve_checks.hpp"
#include "kernels/ff/codec.hpp"
#include "kernels/ff/fq12.hpp"
#include "kernels/pairing/multi_pairing.hpp"

namespace proofagg::groth16::snarkjs {
namespace {

using nlohmann::json;
using ff::Fq;
using ff::Fq2;
using ff::Fr;

// Parsing failures travel as this exception inside the module and become a
// Result at its border; the message names the path to the bad value.
struct Malformed {
  std::string message;
};

[[noreturn]] void fail(const std::string& where, const std::string& what) { throw Malformed{where + ": " + what}; }

const json& member(const json& object, const char* key, const std::string& where) {
  if (!object.is_object()) fail(where, "expected a JSON object");
  const auto it = object.find(key);
  if (it == object.end()) fail(where, std::string("missing \"") + key + "\"");
  return *it;
}

const json& array_of(const json& value, std::size_t size, const std::string& where) {
  if (!value.is_array() || value.size() != size) fail(where, "expected an array of " + std::to_string(size));
  return value;
}

template <class F>
F decimal(const json& value, const std::string& where) {
  if (!value.is_string()) fail(where, "expected a decimal string");
  Result<F> x = ff::field_from_decimal<F>(value.get<std::string>(), "value");
  if (!x) fail(where, x.error());
  return *x;
}

Fq2 fq2(const json& value, const std::string& where) {
  array_of(value, 2, where);
  return {decimal<Fq>(value[0], where + "[0]"), decimal<Fq>(value[1], where + "[1]")};
}

// [x, y, z] with z = 1, or snarkjs's infinity [0, 1, 0].
ec::G1Affine g1(const json& value, const std::string& where) {
  array_of(value, 3, where);
  const Fq x = decimal<Fq>(value[0], where + "[0]");
  const Fq y = decimal<Fq>(value[1], where + "[1]");
  const Fq z = decimal<Fq>(value[2], where + "[2]");
  if (z.is_zero()) {
    if (!x.is_zero() || y != Fq::one()) fail(where, "the point at infinity must be written [0, 1, 0]");
    return ec::G1Affine::infinity();
  }
  if (z != Fq::one()) fail(where, "point is not normalised (z must be 1)");
  Result<ec::G1Affine> p = checked_g1(x, y);
  if (!p) fail(where, p.error());
  return *p;
}

ec::G2Affine g2(const json& value, const std::string& where) {
  array_of(value, 3, where);
  const Fq2 x = fq2(value[0], where + "[0]");
  const Fq2 y = fq2(value[1], where + "[1]");
  const Fq2 z = fq2(value[2], where + "[2]");
  if (z.is_zero()) {
    if (!x.is_zero() || y != Fq2::one()) fail(where, "the point at infinity must be written [[0, 0], [1, 0], [0, 0]]");
    return ec::G2Affine::infinity();
  }
  if (z != Fq2::one()) fail(where, "point is not normalised (z must be [1, 0])");
  Result<ec::G2Affine> q = checked_g2(x, y);
  if (!q) fail(where, q.error());
  return *q;
}

void expect_string(const json& object, const char* key, const char* expected, const std::string& where) {
  const auto it = object.find(key);
  if (it != object.end() && (!it->is_string() || it->get<std::string>() != expected)) {
    fail(where, std::string("\"") + key + "\" must be \"" + expected + "\"");
  }
}

// How large a document may be, in its own terms. nlohmann's DOM costs about 40x the
// text for a document of nested brackets, so a document is first walked without
// building anything (SAX) and refused when it nests deeper or holds more values than
// its file kind ever does; only then is the DOM built, and it is small.
struct Bounds {
  std::size_t max_depth;
  std::size_t max_values;        // scalars, arrays and objects together
  std::string_view too_many{};  // the refusal when there are more (default: counts values)
};

class BoundsCheck final : public nlohmann::json_sax<json> {
 public:
  explicit BoundsCheck(Bounds bounds) : bounds_(bounds) {}
  const std::string& problem() const { return problem_; }

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    problem_ = std::string("invalid JSON (") + e.what() + ")";
    return false;
  }

 private:
  bool value() {
    if (++values_ <= bounds_.max_values) return true;
    problem_ = bounds_.too_many.empty() ? "more than " + std::to_string(bounds_.max_values) + " JSON values"
                                        : std::string(bounds_.too_many);
    return false;
  }
  bool open() {
    if (++depth_ > bounds_.max_depth) {
      problem_ = "JSON nested deeper than " + std::to_string(bounds_.max_depth) + " levels";
      return false;
    }
    return value();
  }
  bool close() {
    --depth_;
    return true;
  }

  Bounds bounds_;
  std::size_t depth_ = 0, values_ = 0;
  std::string problem_;
};

json parse_json(std::string_view text, Bounds bounds, const std::string& where) {
  BoundsCheck check(bounds);
  if (!json::sax_parse(text, &check)) fail(where, check.problem());
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    fail(where, std::string("invalid JSON (") + e.what() + ")");
  }
}

// proof.json: an object of three points and two names, with room for a few more
// fields; verification_key.json: vk_alphabeta_12 nests deepest (object, then three
// array levels), IC holds 4 values per public input.
constexpr Bounds kProofBounds{.max_depth = 4, .max_values = 64};
constexpr std::size_t kValuesPerInput = 4;
constexpr Bounds key_bounds() {
  return {.max_depth = 5, .max_values = 256 + kValuesPerInput * (kMaxKeyPublicInputs + 1)};
}

template <class T, class Body>
Result<T> guarded(Body&& body) {
  try {
    return body();
  } catch (const Malformed& m) {
    return make_error(m.message);
  }
}

json decimal_json(const Fq& x) { return ff::field_to_decimal(x); }
json fq2_json(const Fq2& x) { return json::array({decimal_json(x.c0), decimal_json(x.c1)}); }

json g1_json(const ec::G1Affine& p) {
  if (p.is_infinity()) return json::array({"0", "1", "0"});
  return json::array({decimal_json(p.x), decimal_json(p.y), "1"});
}

json g2_json(const ec::G2Affine& q) {
  if (q.is_infinity()) return json::array({fq2_json(Fq2::zero()), fq2_json(Fq2::one()), fq2_json(Fq2::zero())});
  return json::array({fq2_json(q.x), fq2_json(q.y), fq2_json(Fq2::one())});
}

json fq12_json(const ff::Fq12& f) {
  const auto fq6 = [](const ff::Fq6& x) { return json::array({fq2_json(x.c0), fq2_json(x.c1), fq2_json(x.c2)}); };
  return json::array({fq6(f.c0), fq6(f.c1)});
}

}  // namespace

Result<VerifyingKey> parse_verifying_key(std::string_view text) {
  return guarded<VerifyingKey>([&] {
    const std::string where = "verification key";
    const json doc = parse_json(text, key_bounds(), where);
    if (!doc.is_object()) fail(where, "expected a JSON object");
    expect_string(doc, "protocol", "groth16", where);
    expect_string(doc, "curve", "bn128", where);
    VerifyingKey vk;
    vk.alpha = g1(member(doc, "vk_alpha_1", where), "vk_alpha_1");
    vk.beta = g2(member(doc, "vk_beta_2", where), "vk_beta_2");
    vk.gamma = g2(member(doc, "vk_gamma_2", where), "vk_gamma_2");
    vk.delta = g2(member(doc, "vk_delta_2", where), "vk_delta_2");
    const json& ic = member(doc, "IC", where);
    if (!ic.is_array() || ic.empty()) fail("IC", "expected a non-empty array of G1 points");
    if (ic.size() > kMaxKeyPublicInputs + 1) {
      fail("IC", "more than " + std::to_string(kMaxKeyPublicInputs) + " public inputs");
    }
    for (std::size_t i = 0; i < ic.size(); ++i) vk.ic.push_back(g1(ic[i], "IC[" + std::to_string(i) + "]"));
    const json& n_public = member(doc, "nPublic", where);
    if (!n_public.is_number_unsigned() || n_public.get<std::size_t>() != vk.public_inputs()) {
      fail("nPublic", "must equal the number of IC points minus one (" + std::to_string(vk.public_inputs()) + ")");
    }
    if (const auto it = doc.find("vk_alphabeta_12"); it != doc.end()) {
      const std::string w = "vk_alphabeta_12";
      array_of(*it, 2, w);
      ff::Fq12 given;
      ff::Fq6* halves[2] = {&given.c0, &given.c1};
      for (std::size_t h = 0; h < 2; ++h) {
        const std::string wh = w + "[" + std::to_string(h) + "]";
        array_of((*it)[h], 3, wh);
        *halves[h] = {fq2((*it)[h][0], wh + "[0]"), fq2((*it)[h][1], wh + "[1]"), fq2((*it)[h][2], wh + "[2]")};
      }
      if (given != pairing::pairing(vk.alpha, vk.beta)) fail(w, "does not equal e(vk_alpha_1, vk_beta_2)");
    }
    return vk;
  });
}

Result<Proof> parse_proof(std::string_view text) {
  return guarded<Proof>([&] {
    const std::string where = "proof";
    const json doc = parse_json(text, kProofBounds, where);
    if (!doc.is_object()) fail(where, "expected a JSON object");
    expect_string(doc, "protocol", "groth16", where);
    expect_string(doc, "curve", "bn128", where);
    return Proof{g1(member(doc, "pi_a", where), "pi_a"), g2(member(doc, "pi_b", where), "pi_b"),
                 g1(member(doc, "pi_c", where), "pi_c")};
  });
}

Result<std::vector<Fr>> parse_public_signals(std::string_view text, std::size_t max_signals) {
  return guarded<std::vector<Fr>>([&] {
    const std::string where = "public signals";
    const std::string too_many = "more than " + std::to_string(max_signals) + " public signals";
    const json doc = parse_json(text, {.max_depth = 1, .max_values = max_signals + 1, .too_many = too_many}, where);
    if (!doc.is_array()) fail(where, "expected an array of decimal strings");
    std::vector<Fr> signals;
    for (std::size_t i = 0; i < doc.size(); ++i) signals.push_back(decimal<Fr>(doc[i], "public signal " + std::to_string(i)));
    return signals;
  });
}

std::string format_verifying_key(const VerifyingKey& vk) {
  json ic = json::array();
  for (const ec::G1Affine& p : vk.ic) ic.push_back(g1_json(p));
  const json doc = {
      {"protocol", "groth16"},
      {"curve", "bn128"},
      {"nPublic", vk.public_inputs()},
      {"vk_alpha_1", g1_json(vk.alpha)},
      {"vk_beta_2", g2_json(vk.beta)},
      {"vk_gamma_2", g2_json(vk.gamma)},
      {"vk_delta_2", g2_json(vk.delta)},
      {"vk_alphabeta_12", fq12_json(pairing::pairing(vk.alpha, vk.beta))},
      {"IC", ic},
  };
  return doc.dump(1);
}

std::string format_proof(const Proof& proof) {
  const json doc = {{"pi_a", g1_json(proof.a)},
                    {"pi_b", g2_json(proof.b)},
                    {"pi_c", g1_json(proof.c)},
                    {"protocol", "groth16"},
                    {"curve", "bn128"}};
  return doc.dump(1);
}

std::string format_public_signals(std::span<const Fr> signals) {
  json doc = json::array();
  for (const Fr& x : signals) doc.push_back(ff::field_to_decimal(x));
  return doc.dump(1);
}

}  // namespace proofagg::groth16::snarkjs
