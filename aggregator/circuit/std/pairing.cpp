#include "aggregator/circuit/std/pairing.hpp"

#include <stdexcept>
#include <vector>

#include "kernels/pairing/pairing.hpp"

namespace proofagg::circuit {

Fq12Var EmulatedPairing::times_line(const Fq12Var& f, const G1Var& p, const Fq2Var& s, const G2Var& t) {
  EmulatedFq& fq = tower_.fq();
  const Fq2Var d0{p.y, fq.constant(ff::Fq::zero())};
  const Fq2Var d3 = tower_.neg(tower_.reduce(tower_.mul_by_fq(s, p.x)));
  const Fq2Var d4 = tower_.reduce(tower_.sub(tower_.mul_unreduced(s, t.x), t.y));
  return tower_.mul_by_line(f, d0, d3, d4);
}

Fq12Var EmulatedPairing::miller_loop(std::span<const G1Var> ps, std::span<const G2Var> qs,
                                     std::span<const int> digits, bool frobenius_steps) {
  if (ps.size() != qs.size() || ps.empty()) throw std::logic_error("miller_loop: one G2 point per G1 point");
  std::vector<G2Var> ts(qs.begin(), qs.end());
  Fq12Var f = tower_.constant(ff::Fq12::one());
  bool first = true;
  const auto step = [&](std::size_t i, const G2Var* addend) {
    Fq2Var slope;
    const G2Var t = ts[i];
    ts[i] = addend == nullptr ? g2_.dbl(t, &slope) : g2_.add(t, *addend, &slope);
    f = times_line(f, ps[i], slope, t);
  };
  for (const int digit : digits) {
    if (!first) f = tower_.square(f);
    first = false;
    for (std::size_t i = 0; i < ts.size(); ++i) step(i, nullptr);
    if (digit != 0) {
      for (std::size_t i = 0; i < ts.size(); ++i) {
        const G2Var addend = digit > 0 ? qs[i] : g2_.neg(qs[i]);
        step(i, &addend);
      }
    }
  }
  if (frobenius_steps) {
    for (std::size_t i = 0; i < ts.size(); ++i) {
      const G2Var q1 = g2_.psi(qs[i]);
      const G2Var q2 = g2_.neg(g2_.psi(q1));
      step(i, &q1);
      step(i, &q2);
    }
  }
  return f;
}

Fq12Var EmulatedPairing::ate_miller_loop(std::span<const G1Var> ps, std::span<const G2Var> qs) {
  std::vector<int> digits;
  for (int i = pairing::kAteLoopLength - 2; i >= 0; --i) digits.push_back(pairing::ate_loop_digit(i));
  return miller_loop(ps, qs, digits, true);
}

}  // namespace proofagg::circuit
