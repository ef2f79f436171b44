#include "service/cli/circuit_stats_command.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <ostream>

#include "aggregator/circuit/stats.hpp"
#include "aggregator/recursion/stats.hpp"

namespace proofagg::cli {

int run_circuit_stats(bool json, std::span<const std::string> only, std::ostream& out) {
  auto counts = circuit::gadget_constraint_counts(only);
  for (auto& c : recursion::circuit_constraint_counts(only)) counts.push_back(std::move(c));
  for (const std::string& name : only) {
    if (std::none_of(counts.begin(), counts.end(), [&](const auto& c) { return c.name == name; })) {
      std::cerr << "circuit-stats: no gadget named " << name << "\n";
      return 2;
    }
  }
  if (json) {
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    for (const auto& c : counts) doc[c.mode][c.name] = c.constraints;
    out << doc.dump(1) << "\n";
    return 0;
  }
  out << std::left << std::setw(36) << "gadget" << std::setw(10) << "mode" << "constraints\n";
  for (const auto& c : counts) out << std::setw(36) << c.name << std::setw(10) << c.mode << c.constraints << "\n";
  return 0;
}

}  // namespace proofagg::cli
