// The R1CS circuit builder: one description of a circuit yields its constraint
// system and, run with inputs, its witness. Circuits are C++ functions over a
// Builder: they declare inputs, add constraints <A, w> * <B, w> = <C, w> over linear
// combinations of wires, and compute the values that constraints then check with
// hints (native functions of other wires' values, run only when building a witness).
// A hint's output is unconstrained until a constraint pins it down: every gadget
// says which constraints make its hints sound.
//
// Two kinds of arithmetic (see Builder::Arithmetic): plain circuits are ordinary
// R1CS; committed circuits also get one Fiat-Shamir challenge, bound to every wire
// made before it, with which gadgets defer checks to a random point.
//
// Wires are numbered as iden3's .r1cs expects (the constant 1, the public inputs in
// declaration order, the private inputs, then internal wires), so r1cs() and
// witness() export directly to the .r1cs/.wtns files snarkjs reads, and
// groth16::development_setup / prove work on them unchanged.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "aggregator/groth16/r1cs.hpp"
#include "kernels/ff/bn254.hpp"

namespace proofagg::circuit {

using ff::Fr;

// A wire. Variable{} is the constant-1 wire.
struct Variable {
  std::uint32_t id = 0;
  friend bool operator==(Variable, Variable) = default;
};

// sum_i k_i * v_i, the constant k_0 on the one-wire.
class LinearCombination {
 public:
  struct Term {
    std::uint32_t id;
    Fr coefficient;
  };

  LinearCombination() = default;
  LinearCombination(Variable v);        // NOLINT(google-explicit-constructor): 1 * v
  LinearCombination(const Fr& constant);  // NOLINT(google-explicit-constructor): constant * one
  static LinearCombination constant(std::uint64_t k) { return LinearCombination(Fr::from_u64(k)); }

  LinearCombination& operator+=(const LinearCombination& other);
  LinearCombination& operator-=(const LinearCombination& other);
  LinearCombination& operator*=(const Fr& k);
  friend LinearCombination operator+(LinearCombination a, const LinearCombination& b) { return a += b; }
  friend LinearCombination operator-(LinearCombination a, const LinearCombination& b) { return a -= b; }
  friend LinearCombination operator*(LinearCombination a, const Fr& k) { return a *= k; }
  friend LinearCombination operator*(const Fr& k, LinearCombination a) { return a *= k; }
  LinearCombination operator-() const { return LinearCombination(*this) *= -Fr::one(); }
  // += k * v, without a temporary combination (hot loops).
  LinearCombination& add_term(Variable v, const Fr& k) {
    terms_.push_back({v.id, k});
    return *this;
  }

  // The terms as added (a wire may appear more than once).
  std::span<const Term> terms() const { return terms_; }
  // Terms with equal wires merged and zero coefficients dropped, by wire id.
  std::vector<Term> normalized() const;
  // Replaces the terms with normalized(): for combinations built up over many steps
  // (a hash's linear layers), whose term lists would otherwise grow without bound.
  LinearCombination& compact();
  void reserve(std::size_t terms) { terms_.reserve(terms); }
  // Whether this is k * one for some k (then `constant_value` is k).
  bool is_constant() const;
  Fr constant_value() const;

 private:
  std::vector<Term> terms_;  // in insertion order; normalized() merges
};
using LC = LinearCombination;

// A native computation of witness values from other witness values.
using Hint = std::function<std::vector<Fr>(std::span<const Fr> inputs)>;

// Committed mode's challenge from the values of the public inputs and of the
// committed wires (both in witness order). Groth16 with a commitment
// (groth16/commitment.hpp) computes it from the commitment point.
using Committer = std::function<Fr(std::span<const Fr> publics, std::span<const Fr> committed)>;

class RangeLookup;

class Builder {
 public:
  enum class Mode {
    kConstraints,  // the constraint system only: inputs have no values, hints do not run
    kWitness,      // also every wire's value
    // Every wire's value without keeping the system (r1cs() refuses): what a prover
    // runs for each proof, its key made from the system once.
    kWitnessOnly,
  };
  enum class Arithmetic {
    kPlain,      // any Groth16: every check is a constraint on its own
    // Groth16 with exactly one commitment (BSB22, groth16/commitment.hpp) to every
    // private wire made before finalize(), whose hash with the public inputs is the
    // challenge t, the last public input. Gadgets defer checks until then: identities
    // of committed polynomials are checked once at t (Schwartz-Zippel: a false
    // identity of degree d holds at a random t with probability <= d / r), and range
    // checks become one log-derivative lookup (RangeLookup). The commitment binds the
    // values before t exists, which is all these checks need: zero knowledge is not
    // (inner proofs are public) and the commitment is not hiding.
    kCommitted,
  };

  // `committer` computes the challenge in committed kWitness mode; without one, a
  // SHA-256 of the values stands in (a binding commitment, for tests).
  explicit Builder(Mode mode, Arithmetic arithmetic = Arithmetic::kPlain, Committer committer = {});
  ~Builder();
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;
  bool has_values() const { return mode_ != Mode::kConstraints; }
  bool committed() const { return arithmetic_ == Arithmetic::kCommitted; }

  // Inputs; `value` is ignored in kConstraints mode.
  Variable public_input(const Fr& value = Fr::zero());
  Variable private_input(const Fr& value = Fr::zero());

  // `outputs` new internal wires computed by `hint` from the values of `inputs`
  // (zeros in kConstraints mode). The caller must constrain them.
  std::vector<Variable> hint(std::size_t outputs, std::span<const LC> inputs, const Hint& hint);
  Variable hint1(std::span<const LC> inputs, const std::function<Fr(std::span<const Fr>)>& hint);

  // <a> * <b> = <c>. In kWitness mode a violated constraint is remembered (see
  // first_violation): building goes on, so a test can ask which constraint failed.
  void constrain(const LC& a, const LC& b, const LC& c, const char* label = "");

  // The value of `lc` (kWitness mode; zero otherwise).
  Fr value(const LC& lc) const;

  // Committed mode (each throws in plain mode).
  // 0 <= x < 2^bits, proven by the lookup at finalize(); before it only.
  void lookup_range_check(const LC& x, std::size_t bits);
  // A check finalize() adds once the challenge exists. It may use challenge() and
  // evaluate() and add constraints and hinted wires (which are not committed, so they
  // must be pinned down by the check itself), but no range checks, inputs or
  // deferred checks.
  void defer(std::function<void()> check);
  // The challenge t (inside deferred checks).
  Variable challenge() const;
  // sum_i coefficients[i] t^i: each product of a wire and a power of t is one
  // constraint, made once per circuit and shared by every evaluation.
  LC evaluate(std::span<const LC> coefficients);
  // Commits and runs the deferred checks (committed mode); nothing in plain mode.
  // Idempotent; r1cs() and witness() of a committed circuit need it.
  void finalize();
  // v = sum_i chunks[i] 2^(c i), proven in [0, 2^bits) for the fixed chunk width c by
  // looking each chunk up as it is; before the commitment only. v is a defined wire:
  // it costs no constraint and is no wire of the system, which has its definition
  // wherever v appears (r1cs() expands it), so nothing recomposes v; the builder
  // handles it as one term (a value used in many products is evaluated once).
  Variable lookup_chunked_value(std::span<const Variable> chunks, std::size_t bits);
  // The lookup's chunk width when set_lookup_chunk_bits fixed it.
  std::optional<std::size_t> fixed_lookup_chunk_bits() const;
  // Witness positions [begin, end) of the committed wires (after finalize()).
  std::pair<std::uint32_t, std::uint32_t> committed_wires() const;
  // Rows of the lookup table (paid once per circuit, whatever it range-checks).
  std::size_t lookup_table_rows() const;
  // Fixes the lookup's chunk width (2 to 16 bits) instead of the cheapest for this
  // circuit, before any range check: what a large circuit does (16, which it would
  // pick anyway), so that range-checked hints come as chunks (range_checked_hint).
  void set_lookup_chunk_bits(int bits);

  std::size_t constraints() const { return constraint_count_; }
  // Wires of the system (defined wires are not).
  std::size_t wires() const { return kinds_.size() + 1 - defined_wires_; }
  std::size_t public_inputs() const { return publics_; }
  // The label of the first constraint the witness violates, if any (kWitness mode).
  const std::optional<std::string>& first_violation() const { return first_violation_; }

  // The system with iden3's wire order (not in kWitnessOnly mode).
  groth16::R1cs r1cs() const;
  // The witness in the same order (kWitness mode): w[0] = 1, the public inputs, ...
  std::vector<Fr> witness() const;
  // Position of `v` in r1cs()/witness().
  std::uint32_t wire_of(Variable v) const;

 private:
  enum class Kind : std::uint8_t { kPublic, kPrivate, kInternal, kDefined };
  Variable add_wire(Kind kind, const Fr& value);
  static constexpr std::uint32_t kNoWire = 0xffffffff;
  std::vector<std::uint32_t> wire_order() const;
  void require_committed(const char* what) const;
  void require_complete() const;
  LC power(std::size_t i);

  struct Constraint {
    LC a, b, c;
  };
  Mode mode_;
  Arithmetic arithmetic_;
  Committer committer_;
  std::unique_ptr<RangeLookup> lookup_;
  std::vector<std::function<void()>> deferred_;
  std::optional<Variable> challenge_;
  std::uint32_t committed_end_ = 0;  // witness position past the committed wires
  std::vector<Variable> powers_;        // t, t^2, ...
  std::map<std::pair<std::uint32_t, std::size_t>, Variable> wire_powers_;  // (wire, i) -> wire * t^i
  std::size_t defined_wires_ = 0;
  std::unordered_map<std::uint32_t, LC> definitions_;  // over wires of the system (not kept in kWitnessOnly)
  bool finalized_ = false;
  std::vector<Kind> kinds_;   // of wires 1, 2, ... (id - 1)
  std::vector<Fr> values_;    // index = id; values_[0] = 1 (kWitness mode)
  std::size_t publics_ = 0;
  std::vector<Constraint> constraints_;  // not kept in kWitnessOnly mode
  std::size_t constraint_count_ = 0;
  std::optional<std::string> first_violation_;
};

}  // namespace proofagg::circuit
