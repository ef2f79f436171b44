// Runs a libFuzzer target without libFuzzer (so CI runs every target with GCC):
// each seed file as is, then deterministic mutations of it (bit flips, truncations,
// duplicated and deleted ranges, boundary bytes). Usage: DRIVER ITERATIONS SEED...
// With clang, -DPROOFAGG_FUZZ=ON builds the same targets against libFuzzer instead.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s ITERATIONS SEED...\n", argv[0]);
    return 2;
  }
  const long iterations = std::strtol(argv[1], nullptr, 10);
  std::mt19937_64 rng(20261129);
  std::size_t runs = 0;
  for (int s = 2; s < argc; ++s) {
    std::ifstream in(argv[s], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read seed %s\n", argv[s]);
      return 2;
    }
    const std::vector<std::uint8_t> seed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(seed.data(), seed.size());
    for (long i = 0; i < iterations; ++i) {
      std::vector<std::uint8_t> input = seed;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = input.empty() ? 0 : rng() % input.size();
        switch (rng() % 5) {
          case 0: if (!input.empty()) input[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8)); break;
          case 1: input.resize(at); break;
          case 2: if (!input.empty()) input[at] = static_cast<std::uint8_t>((rng() % 2) ? 0xff : 0x00); break;
          case 3: {
            const std::size_t len = std::min<std::size_t>(input.size() - at, 1 + rng() % 64);
            const std::vector<std::uint8_t> copy(input.begin() + static_cast<std::ptrdiff_t>(at),
                                                 input.begin() + static_cast<std::ptrdiff_t>(at + len));
            input.insert(input.begin() + static_cast<std::ptrdiff_t>(at), copy.begin(), copy.end());
            break;
          }
          default: {
            const std::size_t len = std::min<std::size_t>(input.size() - at, 1 + rng() % 64);
            input.erase(input.begin() + static_cast<std::ptrdiff_t>(at), input.begin() + static_cast<std::ptrdiff_t>(at + len));
          }
        }
      }
      LLVMFuzzerTestOneInput(input.data(), input.size());
      ++runs;
    }
  }
  std::printf("%zu mutated inputs, no crash\n", runs);
  return 0;
}
