#include "aggregator/groth16/r1cs.hpp"

#include <string>

#include "aggregator/formats/binfile.hpp"

namespace proofagg::groth16 {
namespace {

using formats::Reader;

Result<std::vector<R1csTerm>> read_combination(Reader& r, std::uint32_t n_wires, const std::string& where) {
  const auto count = r.u32();
  if (!count) return count.failure();
  if (*count > r.remaining() / 36) return make_error(where + ": " + std::to_string(*count) + " terms do not fit");
  std::vector<R1csTerm> terms(*count);
  for (R1csTerm& t : terms) {
    const auto wire = r.u32();
    if (!wire) return wire.failure();
    if (*wire >= n_wires) return make_error(where + ": wire " + std::to_string(*wire) + " out of range");
    const auto value = r.canonical(ff::FrParams::modulus(), where + " coefficient");
    if (!value) return value.failure();
    t = {*wire, ff::Fr::from_canonical(*value)};
  }
  return terms;
}

ff::Fr evaluate(const std::vector<R1csTerm>& terms, std::span<const ff::Fr> w) {
  ff::Fr sum = ff::Fr::zero();
  for (const R1csTerm& t : terms) sum += t.coefficient * w[t.wire];
  return sum;
}

void write_combination(formats::Writer& w, const std::vector<R1csTerm>& terms) {
  w.u32(static_cast<std::uint32_t>(terms.size()));
  for (const R1csTerm& t : terms) {
    w.u32(t.wire);
    w.limbs(t.coefficient.to_canonical());
  }
}

}  // namespace

bool R1cs::is_satisfied_by(std::span<const ff::Fr> w) const {
  if (w.size() != n_wires || w.empty() || w[0] != ff::Fr::one()) return false;
  for (const R1csConstraint& c : constraints) {
    if (evaluate(c.a, w) * evaluate(c.b, w) != evaluate(c.c, w)) return false;
  }
  return true;
}

Result<R1cs> read_r1cs(std::span<const std::uint8_t> bytes) {
  const auto file = formats::BinFile::parse(bytes, "r1cs", 1, "r1cs");
  if (!file) return file.failure();
  const auto s1 = file->section(1);
  if (!s1) return s1.failure();
  Reader h(*s1, "r1cs header");
  if (Status s = h.expect_field(ff::FrParams::modulus(), "scalar field order"); !s) return s.failure();
  R1cs r1cs;
  std::uint32_t n_constraints = 0;
  for (std::uint32_t* field : {&r1cs.n_wires, &r1cs.n_public_outputs, &r1cs.n_public_inputs, &r1cs.n_private_inputs}) {
    const auto v = h.u32();
    if (!v) return v.failure();
    *field = *v;
  }
  const auto labels = h.u64();
  if (!labels) return labels.failure();
  r1cs.n_labels = *labels;
  const auto m = h.u32();
  if (!m) return m.failure();
  n_constraints = *m;
  if (Status s = h.expect_end(); !s) return s.failure();
  if (r1cs.n_wires == 0 || 1 + std::uint64_t{r1cs.n_public()} + r1cs.n_private_inputs > r1cs.n_wires) {
    return make_error("r1cs header: more inputs and outputs than wires");
  }
  const auto s2 = file->section(2);
  if (!s2) return s2.failure();
  Reader c(*s2, "r1cs constraints");
  r1cs.constraints.resize(n_constraints);
  for (std::uint32_t i = 0; i < n_constraints; ++i) {
    const std::string where = "r1cs constraint " + std::to_string(i);
    for (std::vector<R1csTerm>* side : {&r1cs.constraints[i].a, &r1cs.constraints[i].b, &r1cs.constraints[i].c}) {
      auto terms = read_combination(c, r1cs.n_wires, where);
      if (!terms) return terms.failure();
      *side = std::move(*terms);
    }
  }
  if (Status s = c.expect_end(); !s) return s.failure();
  return r1cs;
}

std::vector<std::uint8_t> write_r1cs(const R1cs& r1cs) {
  formats::Writer w("r1cs", 1, 3);
  w.begin_section(1);
  w.u32(32);
  w.limbs(ff::FrParams::modulus());
  w.u32(r1cs.n_wires);
  w.u32(r1cs.n_public_outputs);
  w.u32(r1cs.n_public_inputs);
  w.u32(r1cs.n_private_inputs);
  w.u64(r1cs.n_labels);
  w.u32(static_cast<std::uint32_t>(r1cs.constraints.size()));
  w.end_section();
  w.begin_section(2);
  for (const R1csConstraint& c : r1cs.constraints) {
    write_combination(w, c.a);
    write_combination(w, c.b);
    write_combination(w, c.c);
  }
  w.end_section();
  w.begin_section(3);
  for (std::uint64_t label = 0; label < r1cs.n_wires; ++label) w.u64(label);
  w.end_section();
  return w.finish();
}

}  // namespace proofagg::groth16
