#include "aggregator/circuit/builder.hpp"

#include <algorithm>

namespace proofagg::circuit {

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

Variable Builder::add_wire(Kind kind, const Fr& value) {
  if (values_.empty()) values_.push_back(Fr::one());
  kinds_.push_back(kind);
  values_.push_back(has_values() ? value : Fr::zero());
  return {static_cast<std::uint32_t>(kinds_.size())};
}

Variable Builder::public_input(const Fr& value) {
  ++publics_;
  return add_wire(Kind::kPublic, value);
}

Variable Builder::private_input(const Fr& value) { return add_wire(Kind::kPrivate, value); }

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
  return this->hint(1, inputs, [&](std::span<const Fr> in) { return std::vector<Fr>{hint(in)}; }).front();
}

void Builder::constrain(const LC& a, const LC& b, const LC& c, const char* label) {
  if (has_values() && !first_violation_ && value(a) * value(b) != value(c)) {
    first_violation_ = std::string(*label != '\0' ? label : "unlabelled") + " (constraint " +
                       std::to_string(constraints_.size()) + ")";
  }
  constraints_.push_back({a, b, c});
}

Fr Builder::value(const LC& lc) const {
  Fr sum = Fr::zero();
  if (!has_values()) return sum;
  for (const auto& t : lc.normalized()) sum = sum + t.coefficient * (t.id == 0 ? Fr::one() : values_[t.id]);
  return sum;
}

std::vector<std::uint32_t> Builder::wire_order() const {
  // id -> wire: the one-wire, publics, privates, internals, each in creation order.
  std::vector<std::uint32_t> wire(kinds_.size() + 1, 0);
  std::uint32_t next = 1;
  for (const Kind kind : {Kind::kPublic, Kind::kPrivate, Kind::kInternal}) {
    for (std::size_t i = 0; i < kinds_.size(); ++i) {
      if (kinds_[i] == kind) wire[i + 1] = next++;
    }
  }
  return wire;
}

std::uint32_t Builder::wire_of(Variable v) const { return wire_order()[v.id]; }

groth16::R1cs Builder::r1cs() const {
  const auto wire = wire_order();
  groth16::R1cs out;
  out.n_wires = static_cast<std::uint32_t>(wires());
  out.n_public_inputs = static_cast<std::uint32_t>(publics_);
  out.n_private_inputs = static_cast<std::uint32_t>(std::count(kinds_.begin(), kinds_.end(), Kind::kPrivate));
  out.n_labels = out.n_wires;
  out.constraints.reserve(constraints_.size());
  const auto terms = [&](const LC& lc) {
    std::vector<groth16::R1csTerm> t;
    for (const auto& term : lc.normalized()) t.push_back({wire[term.id], term.coefficient});
    std::sort(t.begin(), t.end(), [](const auto& x, const auto& y) { return x.wire < y.wire; });
    return t;
  };
  for (const Constraint& c : constraints_) out.constraints.push_back({terms(c.a), terms(c.b), terms(c.c)});
  return out;
}

std::vector<Fr> Builder::witness() const {
  const auto wire = wire_order();
  std::vector<Fr> w(wires(), Fr::zero());
  w[0] = Fr::one();
  if (!has_values()) return w;
  for (std::size_t id = 1; id < values_.size(); ++id) w[wire[id]] = values_[id];
  return w;
}

}  // namespace proofagg::circuit
