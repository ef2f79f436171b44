#include "aggregator/circuit/builder.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "aggregator/circuit/lookup.hpp"
#include "aggregator/sha256/sha256.hpp"

namespace proofagg::circuit {
namespace {

// The test stand-in for a committer: SHA-256 of every value, truncated to 253 bits.
Fr hash_challenge(std::span<const Fr> publics, std::span<const Fr> committed) {
  Sha256 hash;
  for (const auto values : {publics, committed}) {
    for (const Fr& v : values) {
      const ff::Limbs limbs = v.to_canonical();
      hash.update(std::span(reinterpret_cast<const std::uint8_t*>(limbs.v), sizeof(limbs.v)));
    }
  }
  const Sha256Digest digest = hash.finish();
  ff::Limbs limbs{};
  for (std::size_t i = 0; i < 32; ++i) limbs.v[i / 8] |= std::uint64_t{digest[i]} << (8 * (i % 8));
  limbs.v[3] &= (std::uint64_t{1} << 61) - 1;
  return Fr::from_canonical(limbs);
}

}  // namespace

LinearCombination::LinearCombination(Variable v) { terms_.push_back({v.id, Fr::one()}); }

LinearCombination::LinearCombination(const Fr& constant) {
  if (!constant.is_zero()) terms_.push_back({0, constant});
}

LinearCombination& LinearCombination::operator+=(const LinearCombination& other) {
  terms_.insert(terms_.end(), other.terms_.begin(), other.terms_.end());
  return *this;
}

LinearCombination& LinearCombination::operator-=(const LinearCombination& other) {
  for (const Term& t : other.terms_) terms_.push_back({t.id, -t.coefficient});
  return *this;
}

LinearCombination& LinearCombination::operator*=(const Fr& k) {
  for (Term& t : terms_) t.coefficient = t.coefficient * k;
  return *this;
}

std::vector<LinearCombination::Term> LinearCombination::normalized() const {
  std::vector<Term> sorted = terms_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Term& a, const Term& b) { return a.id < b.id; });
  std::vector<Term> out;
  for (const Term& t : sorted) {
    if (!out.empty() && out.back().id == t.id) {
      out.back().coefficient = out.back().coefficient + t.coefficient;
    } else {
      out.push_back(t);
    }
  }
  std::erase_if(out, [](const Term& t) { return t.coefficient.is_zero(); });
  return out;
}

LinearCombination& LinearCombination::compact() {
  terms_ = normalized();
  return *this;
}

bool LinearCombination::is_constant() const {
  const auto terms = normalized();
  return terms.empty() || (terms.size() == 1 && terms[0].id == 0);
}

Fr LinearCombination::constant_value() const {
  Fr sum = Fr::zero();
  for (const Term& t : terms_) {
    if (t.id == 0) sum = sum + t.coefficient;
  }
  return sum;
}

Builder::Builder(Mode mode, Arithmetic arithmetic, Committer committer)
    : mode_(mode), arithmetic_(arithmetic), committer_(std::move(committer)) {
  if (committed()) lookup_ = std::make_unique<RangeLookup>(*this);
}

Builder::~Builder() = default;

Variable Builder::add_wire(Kind kind, const Fr& value) {
  if (values_.empty()) values_.push_back(Fr::one());
  kinds_.push_back(kind);
  values_.push_back(has_values() ? value : Fr::zero());
  return {static_cast<std::uint32_t>(kinds_.size())};
}

Variable Builder::public_input(const Fr& value) {
  if (challenge_) throw std::logic_error("public_input: after the commitment");
  ++publics_;
  return add_wire(Kind::kPublic, value);
}

Variable Builder::private_input(const Fr& value) {
  if (challenge_) throw std::logic_error("private_input: after the commitment");
  return add_wire(Kind::kPrivate, value);
}

void Builder::require_committed(const char* what) const {
  if (!committed()) throw std::logic_error(std::string(what) + ": a committed-mode operation in a plain circuit");
}

void Builder::lookup_range_check(const LC& x, std::size_t bits) {
  require_committed("lookup_range_check");
  if (challenge_) throw std::logic_error("lookup_range_check: after the commitment");
  lookup_->add(x, bits);
}

void Builder::defer(std::function<void()> check) {
  require_committed("defer");
  if (challenge_) throw std::logic_error("defer: after the commitment");
  deferred_.push_back(std::move(check));
}

Variable Builder::challenge() const {
  require_committed("challenge");
  if (!challenge_) throw std::logic_error("challenge: before the commitment (use it in a deferred check)");
  return *challenge_;
}

LC Builder::power(std::size_t i) {
  while (powers_.size() < i) {
    const LC previous = powers_.empty() ? LC::constant(1) : LC(powers_.back());
    const LC t = challenge();
    const std::vector<LC> inputs{previous, t};
    const Variable next = hint1(inputs, [](std::span<const Fr> in) { return in[0] * in[1]; });
    constrain(previous, t, next, "challenge power");
    powers_.push_back(next);
  }
  return i == 0 ? LC::constant(1) : LC(powers_[i - 1]);
}

LC Builder::evaluate(std::span<const LC> coefficients) {
  LC sum;
  for (std::size_t i = 0; i < coefficients.size(); ++i) {
    if (i == 0) {
      sum += coefficients[0];
      continue;
    }
    // Most coefficients are already normalized (a wire, a sum of distinct wires in
    // order): read those in place.
    const std::span<const LC::Term> given = coefficients[i].terms();
    const bool in_order = std::adjacent_find(given.begin(), given.end(), [](const auto& x, const auto& y) {
                            return x.id >= y.id;
                          }) == given.end() &&
                          std::none_of(given.begin(), given.end(), [](const auto& t) { return t.coefficient.is_zero(); });
    std::vector<LC::Term> merged;
    if (!in_order) merged = coefficients[i].normalized();
    const std::span<const LC::Term> terms = in_order ? given : std::span<const LC::Term>(merged);
    for (const auto& term : terms) {
      if (term.id == 0) {
        sum += power(i) * term.coefficient;
        continue;
      }
      auto [it, inserted] = wire_powers_.try_emplace({term.id, i}, Variable{});
      if (inserted) {
        const LC w = Variable{term.id}, t_i = power(i);
        const std::vector<LC> inputs{w, t_i};
        it->second = hint1(inputs, [](std::span<const Fr> in) { return in[0] * in[1]; });
        constrain(w, t_i, it->second, "wire times a power of the challenge");
      }
      sum.add_term(it->second, term.coefficient);
    }
  }
  return sum.compact();
}

void Builder::finalize() {
  if (finalized_) return;
  if (committed()) {
    lookup_->decompose();
    committed_end_ = static_cast<std::uint32_t>(wires() + 1);  // + 1: the challenge comes before them
    Fr t = Fr::zero();
    if (has_values()) {
      const auto wire = wire_order();
      std::vector<Fr> ordered(wires(), Fr::zero());
      for (std::size_t id = 1; id < values_.size(); ++id) {
        if (wire[id] != kNoWire) ordered[wire[id]] = values_[id];
      }
      const std::span<const Fr> all(ordered);
      const auto publics = all.subspan(1, publics_);
      const auto private_wires = all.subspan(1 + publics_);
      t = committer_ ? committer_(publics, private_wires) : hash_challenge(publics, private_wires);
    }
    ++publics_;
    challenge_ = add_wire(Kind::kPublic, t);
    lookup_->prove();
    for (std::size_t i = 0; i < deferred_.size(); ++i) deferred_[i]();
    deferred_.clear();
  }
  finalized_ = true;
}

std::pair<std::uint32_t, std::uint32_t> Builder::committed_wires() const {
  require_committed("committed_wires");
  if (!challenge_) throw std::logic_error("committed_wires: before finalize()");
  return {static_cast<std::uint32_t>(1 + publics_), committed_end_};
}

Variable Builder::lookup_chunked_value(std::span<const Variable> chunks, std::size_t bits) {
  require_committed("lookup_chunked_value");
  if (challenge_) throw std::logic_error("lookup_chunked_value: after the commitment");
  lookup_->add_chunks(chunks, bits);
  if (chunks.size() == 1) return chunks[0];
  const Fr step = Fr::from_u64(std::uint64_t{1} << *lookup_->fixed_chunk_bits());
  LC definition;
  definition.reserve(chunks.size());
  Fr weight = Fr::one();
  for (const Variable chunk : chunks) {
    definition.add_term(chunk, weight);
    weight = weight * step;
  }
  const Variable out = add_wire(Kind::kDefined, value(definition));
  ++defined_wires_;
  if (mode_ != Mode::kWitnessOnly) definitions_.emplace(out.id, std::move(definition));
  return out;
}

std::optional<std::size_t> Builder::fixed_lookup_chunk_bits() const {
  if (!lookup_) return std::nullopt;
  return lookup_->fixed_chunk_bits();
}

std::size_t Builder::lookup_table_rows() const { return lookup_ ? lookup_->table_rows() : 0; }

void Builder::set_lookup_chunk_bits(int bits) {
  require_committed("set_lookup_chunk_bits");
  lookup_->set_chunk_bits(bits);
}

void Builder::require_complete() const {
  if (committed() && !finalized_) throw std::logic_error("a committed circuit is complete only after finalize()");
}

std::vector<Variable> Builder::hint(std::size_t outputs, std::span<const LC> inputs, const Hint& hint) {
  std::vector<Fr> results(outputs, Fr::zero());
  if (has_values()) {
    std::vector<Fr> in;
    in.reserve(inputs.size());
    for (const LC& lc : inputs) in.push_back(value(lc));
    results = hint(in);
    results.resize(outputs, Fr::zero());
  }
  std::vector<Variable> out;
  out.reserve(outputs);
  for (const Fr& v : results) out.push_back(add_wire(Kind::kInternal, v));
  return out;
}

Variable Builder::hint1(std::span<const LC> inputs, const std::function<Fr(std::span<const Fr>)>& hint) {
  // The one-output case without hint()'s vectors: most hints are a product at the
  // challenge, with two inputs.
  Fr result = Fr::zero();
  if (has_values()) {
    std::array<Fr, 4> few;
    std::vector<Fr> many;
    if (inputs.size() > few.size()) many.resize(inputs.size());
    const std::span<Fr> in = inputs.size() > few.size() ? std::span<Fr>(many) : std::span<Fr>(few.data(), inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) in[i] = value(inputs[i]);
    result = hint(in);
  }
  return add_wire(Kind::kInternal, result);
}

void Builder::constrain(const LC& a, const LC& b, const LC& c, const char* label) {
  if (has_values() && !first_violation_ && value(a) * value(b) != value(c)) {
    first_violation_ = std::string(*label != '\0' ? label : "unlabelled") + " (constraint " +
                       std::to_string(constraint_count_) + ")";
  }
  ++constraint_count_;
  if (mode_ != Mode::kWitnessOnly) constraints_.push_back({a, b, c});
}

Fr Builder::value(const LC& lc) const {
  Fr sum = Fr::zero();
  if (!has_values()) return sum;
  static const Fr one = Fr::one();
  for (const auto& t : lc.terms()) {
    // Most terms are a wire with coefficient 1: an addition instead of a product.
    sum = sum + (t.id == 0 ? t.coefficient : t.coefficient == one ? values_[t.id] : t.coefficient * values_[t.id]);
  }
  return sum;
}

std::vector<std::uint32_t> Builder::wire_order() const {
  // id -> wire: the one-wire, publics, privates, internals, each in creation order;
  // defined wires are none.
  std::vector<std::uint32_t> wire(kinds_.size() + 1, kNoWire);
  wire[0] = 0;
  std::uint32_t next = 1;
  for (const Kind kind : {Kind::kPublic, Kind::kPrivate, Kind::kInternal}) {
    for (std::size_t i = 0; i < kinds_.size(); ++i) {
      if (kinds_[i] == kind) wire[i + 1] = next++;
    }
  }
  return wire;
}

std::uint32_t Builder::wire_of(Variable v) const {
  const std::uint32_t wire = wire_order()[v.id];
  if (wire == kNoWire) throw std::logic_error("wire_of: a defined wire is not in the system");
  return wire;
}

groth16::R1cs Builder::r1cs() const {
  require_complete();
  if (mode_ == Mode::kWitnessOnly) throw std::logic_error("r1cs: a kWitnessOnly builder keeps no system");
  const auto wire = wire_order();
  groth16::R1cs out;
  out.n_wires = static_cast<std::uint32_t>(wires());
  out.n_public_inputs = static_cast<std::uint32_t>(publics_);
  out.n_private_inputs = static_cast<std::uint32_t>(std::count(kinds_.begin(), kinds_.end(), Kind::kPrivate));
  out.n_labels = out.n_wires;
  out.constraints.reserve(constraints_.size());
  const auto terms = [&](const LC& lc) {
    LC expanded;
    for (const auto& term : lc.terms()) {
      const auto definition = wire[term.id] == kNoWire ? definitions_.find(term.id) : definitions_.end();
      expanded += definition != definitions_.end() ? definition->second * term.coefficient
                                                   : LC(Variable{term.id}) * term.coefficient;
    }
    std::vector<groth16::R1csTerm> t;
    for (const auto& term : expanded.normalized()) t.push_back({wire[term.id], term.coefficient});
    std::sort(t.begin(), t.end(), [](const auto& x, const auto& y) { return x.wire < y.wire; });
    return t;
  };
  for (const Constraint& c : constraints_) out.constraints.push_back({terms(c.a), terms(c.b), terms(c.c)});
  return out;
}

std::vector<Fr> Builder::witness() const {
  require_complete();
  const auto wire = wire_order();
  std::vector<Fr> w(wires(), Fr::zero());
  w[0] = Fr::one();
  if (!has_values()) return w;
  for (std::size_t id = 1; id < values_.size(); ++id) {
    if (wire[id] != kNoWire) w[wire[id]] = values_[id];
  }
  return w;
}

}  // namespace proofagg::circuit
