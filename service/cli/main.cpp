// The proofagg command line.
#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <string>

#include "service/cli/precompile_command.hpp"
#include "service/cli/prove_command.hpp"
#include "service/cli/setup_command.hpp"
#include "service/cli/verify_command.hpp"

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

  CLI::App* verify = app.add_subcommand(
      "verify", "Verify a Groth16 proof (snarkjs JSON): exit 0 valid, 1 invalid, 2 malformed input");
  std::string vk_path, proof_path, public_path;
  verify->add_option("--vk", vk_path, "verification_key.json")->required();
  verify->add_option("--proof", proof_path, "proof.json")->required();
  verify->add_option("--public", public_path, "public.json")->required();

  CLI::App* verify_batch = app.add_subcommand(
      "verify-batch", "Verify many proofs in one batch; the list has one 'VK PROOF PUBLIC' line per proof");
  std::string list_path;
  verify_batch->add_option("list", list_path, "list file")->required();

  CLI::App* prove = app.add_subcommand("prove", "Make a Groth16 proof from a snarkjs .zkey and a .wtns witness");
  proofagg::cli::ProveArgs prove_args;
  prove->add_option("--zkey", prove_args.zkey_path, "proving key (.zkey)")->required();
  prove->add_option("--wtns", prove_args.wtns_path, "witness (.wtns)")->required();
  prove->add_option("--proof", prove_args.proof_path, "output proof.json")->required();
  prove->add_option("--public", prove_args.public_path, "output public.json")->required();
  prove->add_option("--backend", prove_args.backend, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));

  CLI::App* setup = app.add_subcommand("setup", "Groth16 keys for an R1CS (.zkey for provers, verification_key.json)");
  proofagg::cli::SetupArgs setup_args;
  setup->add_option("--ptau", setup_args.ptau_path, "prepared powers-of-tau file (phase 2 with one contribution)");
  setup->add_flag("--development", setup_args.development,
                  "development keys instead: the toxic waste is drawn in this process (never for production)");
  setup->add_option("--r1cs", setup_args.r1cs_path, "constraint system (.r1cs)")->required();
  setup->add_option("--zkey", setup_args.zkey_path, "output proving key (.zkey)")->required();
  setup->add_option("--vk", setup_args.vk_path, "output verification_key.json")->required();

  // Usage errors share the malformed-input exit code, 2.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : proofagg::cli::kExitMalformed;
  }

  if (precompile->parsed()) return proofagg::cli::run_precompile(op, input, std::cout, std::cerr);
  if (verify->parsed()) return proofagg::cli::run_verify(vk_path, proof_path, public_path, std::cout, std::cerr);
  if (verify_batch->parsed()) return proofagg::cli::run_verify_batch(list_path, std::cout, std::cerr);
  if (prove->parsed()) return proofagg::cli::run_prove(prove_args, std::cerr);
  if (setup->parsed()) return proofagg::cli::run_setup(setup_args, std::cerr);
  return 0;
}
