// Aggregation keys of the right kinds (committed leaf and nodes, a plain wrapper) for
// small circuits, not the aggregation's: what key-file and pipeline tests read and
// write without minutes of setup. Proving with them fails (the witness is another
// circuit's), which is how the pipeline's failure path is exercised.
#pragma once

#include <filesystem>
#include <fstream>

#include "aggregator/circuit/builder.hpp"
#include "aggregator/groth16/setup.hpp"
#include "aggregator/recursion/aggregation.hpp"
#include "tests/support/committed_circuit.hpp"

namespace proofagg::testing {

inline groth16::ProvingKey small_committed_key() {
  return build_committed([](const groth16::R1cs& r1cs, groth16::WireRange wires) {
           return groth16::development_setup(r1cs, wires);
         }).key;
}

// A tree of `shape`, its keys small circuits' keys.
inline recursion::AggregationKeys small_aggregation_keys(const recursion::TreeShape& shape) {
  recursion::AggregationKeys keys{shape, small_committed_key(), {}, {}};
  for (std::size_t level = 1; level <= shape.depth; ++level) keys.nodes.push_back(small_committed_key());
  circuit::Builder b(circuit::Builder::Mode::kConstraints);
  const circuit::Variable x = b.public_input();
  b.constrain(x, x, x);
  keys.wrapper = *groth16::development_setup(b.r1cs());
  return keys;
}

// The keys' files in `dir` (created); returns the digest.
inline std::string write_small_aggregation_keys(const std::filesystem::path& dir, const recursion::TreeShape& shape) {
  std::filesystem::create_directories(dir);
  const auto digest = recursion::write_key_files(
      small_aggregation_keys(shape),
      [&](const std::string& name, std::span<const std::uint8_t> bytes) {
        std::ofstream out(dir / name, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        return out ? Status{} : make_error("cannot write " + (dir / name).string());
      });
  EXPECT_TRUE(digest.ok()) << digest.error();
  return digest.ok() ? *digest : "";
}

}  // namespace proofagg::testing
