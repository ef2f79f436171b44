// The proofagg command line.
#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <string>

#include "service/cli/precompile_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"proofagg: Groth16 proof aggregation on BN254"};
  app.require_subcommand(1);

  CLI::App* precompile = app.add_subcommand(
      "precompile", "Run Ethereum's BN254 precompiles (EIP-196 ecAdd/ecMul, EIP-197 ecPairing)");
  const std::map<std::string, proofagg::cli::Precompile> ops{
      {"add", proofagg::cli::Precompile::kAdd},
      {"mul", proofagg::cli::Precompile::kMul},
      {"pairing", proofagg::cli::Precompile::kPairing}};
  proofagg::cli::Precompile op{};
  std::string input;
  precompile->add_option("op", op, "add | mul | pairing")
      ->required()
      ->transform(CLI::CheckedTransformer(ops, CLI::ignore_case));
  precompile->add_option("input", input, "calldata as hex (0x optional); empty for none")
      ->required();

  CLI11_PARSE(app, argc, argv);

  if (precompile->parsed()) return proofagg::cli::run_precompile(op, input, std::cout, std::cerr);
  return 0;
}
