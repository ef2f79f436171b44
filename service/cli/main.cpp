// The proofagg command line.
#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <string>

#include "service/cli/aggregate_command.hpp"
#include "service/cli/circuit_stats_command.hpp"
#include "service/cli/client_command.hpp"
#include "service/cli/precompile_command.hpp"
#include "service/cli/prove_command.hpp"
#include "service/cli/setup_command.hpp"
#include "service/cli/verify_command.hpp"
#include "service/common/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"proofagg: Groth16 proof aggregation on BN254"};
  app.set_version_flag("--version", std::string("proofagg ") + proofagg::kVersion);
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

  CLI::App* circuit_stats =
      app.add_subcommand("circuit-stats", "Constraint counts of the circuit gadgets, in every mode built");
  bool stats_json = false;
  circuit_stats->add_flag("--json", stats_json, "one JSON object {mode: {gadget: constraints}}");
  std::vector<std::string> stats_only;
  circuit_stats->add_option("--only", stats_only, "only these gadgets (all take about four minutes and 9 GB)")
      ->delimiter(',');

  CLI::App* aggregation_keys = app.add_subcommand(
      "aggregation-keys", "Keys of the recursive aggregation circuits (leaf, nodes, wrapper), saved with their digest");
  proofagg::cli::AggregationKeysArgs keys_args;
  aggregation_keys->add_option("--out", keys_args.out_dir, "output folder")->required();
  aggregation_keys->add_option("--ptau", keys_args.ptau_path, "prepared powers-of-tau file of at least 2^23 points");
  aggregation_keys->add_flag("--development", keys_args.development, "DEVELOPMENT ONLY: toxic waste drawn here");
  aggregation_keys->add_option("--leaf-capacity", keys_args.leaf_capacity, "proofs per leaf (a power of two)")
      ->capture_default_str();
  aggregation_keys->add_option("--max-inputs", keys_args.max_public_inputs, "public inputs per proof, at most")
      ->capture_default_str();
  aggregation_keys->add_option("--depth", keys_args.depth, "node levels above the leaves")->capture_default_str();

  CLI::App* aggregate = app.add_subcommand(
      "aggregate", "One slot's aggregate proof; the list has one 'VK PROOF PUBLIC' line per proof, as verify-batch");
  proofagg::cli::AggregateArgs aggregate_args;
  aggregate->add_option("--keys", aggregate_args.keys_dir, "folder of aggregation-keys")->required();
  aggregate->add_option("--inputs", aggregate_args.inputs_path, "list file")->required();
  aggregate->add_option("--slot", aggregate_args.slot, "the slot")->required();
  aggregate->add_option("--out", aggregate_args.out_dir, "output folder")->required();

  CLI::App* export_solidity = app.add_subcommand(
      "export-solidity", "Solidity: a verifier for the wrapper's key and the slot roots' inclusion checker");
  proofagg::cli::ExportSolidityArgs solidity_args;
  export_solidity->add_option("--keys", solidity_args.keys_dir, "folder of aggregation-keys (its wrapper key)");
  export_solidity->add_option("--vk", solidity_args.vk_path, "or a plain key's verification_key.json");
  export_solidity->add_option("--out", solidity_args.out_dir, "output folder")->required();

  // Client subcommands: talk to a running proofagg-server.
  proofagg::cli::ClientArgs client;
  const auto add_client_options = [&client](CLI::App* command) {
    command->add_option("--server", client.server, "server address")->capture_default_str();
    command->add_option("--token", client.token, "bearer token (default: $PROOFAGG_TOKEN)");
    command->add_option("--tls-ca", client.tls_ca_file, "use TLS, trusting this PEM root certificate");
    command->add_option("--timeout", client.timeout_seconds, "seconds per call")->capture_default_str();
    return command;
  };
  CLI::App* register_vk = add_client_options(app.add_subcommand("register-vk", "Register a verifying key; prints its vk_hash"));
  proofagg::cli::RegisterVkArgs register_args;
  register_vk->add_option("--vk", register_args.vk_path, "verification_key.json");
  register_vk->add_option("--zkey", register_args.zkey_path, "or a .zkey (its verifying key is registered)");
  std::vector<std::string> submitters;
  CLI::Option* submitters_option = register_vk->add_option(
      "--submitters", submitters, "with tokens: other rollups that may submit against the key (\"*\": any; the owner's list replaces the last)");

  CLI::App* submit = add_client_options(app.add_subcommand("submit", "Submit a proof for aggregation; prints the job id and slot"));
  proofagg::cli::SubmitArgs submit_args;
  std::uint64_t target_slot = 0;
  submit->add_option("--vk-hash", submit_args.vk_hash, "the key's vk_hash (hex)")->required();
  submit->add_option("--proof", submit_args.proof_path, "proof.json (or 0x-hex uint256[8] with --encoding calldata)")
      ->required();
  submit->add_option("--public", submit_args.public_path, "public.json (or 0x-hex uint256[] with --encoding calldata)")
      ->required();
  const std::map<std::string, proofagg::cli::SubmitArgs::Encoding> encodings{
      {"json", proofagg::cli::SubmitArgs::Encoding::kSnarkjsJson},
      {"calldata", proofagg::cli::SubmitArgs::Encoding::kEvmCalldata}};
  submit->add_option("--encoding", submit_args.encoding, "json (snarkjs files) | calldata (EVM calldata as hex)")
      ->transform(CLI::CheckedTransformer(encodings, CLI::ignore_case));
  submit->add_option("--rollup", submit_args.rollup_id, "rollup id (taken from the token when the server has tokens)");
  CLI::Option* target_option = submit->add_option("--target-slot", target_slot, "earliest slot to include it in");

  std::string job_id;
  CLI::App* status = add_client_options(app.add_subcommand("status", "Show a job"));
  status->add_option("job", job_id, "job id")->required();
  CLI::App* watch = add_client_options(app.add_subcommand("watch", "Follow a job until it is included or failed"));
  watch->add_option("job", job_id, "job id")->required();

  CLI::App* aggregate_get = add_client_options(app.add_subcommand("aggregate-get", "Show a slot's result"));
  proofagg::cli::AggregateGetArgs aggregate_get_args;
  aggregate_get->add_option("slot", aggregate_get_args.slot, "slot number")->required();
  aggregate_get->add_flag("--wait", aggregate_get_args.wait, "wait until the slot's result is final (closed and proven, or not)");
  aggregate_get->add_option("--out", aggregate_get_args.out_dir,
                            "write a proven aggregate's proof.json and public.json (snarkjs) here");

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
  if (aggregation_keys->parsed()) return proofagg::cli::run_aggregation_keys(keys_args, std::cout, std::cerr);
  if (export_solidity->parsed()) return proofagg::cli::run_export_solidity(solidity_args, std::cout, std::cerr);
  if (aggregate->parsed()) return proofagg::cli::run_aggregate(aggregate_args, std::cout, std::cerr);
  if (circuit_stats->parsed()) return proofagg::cli::run_circuit_stats(stats_json, stats_only, std::cout);
  if (register_vk->parsed()) {
    if (submitters_option->count() > 0) register_args.submitters = submitters;
    return proofagg::cli::run_register_vk(client, register_args, std::cout, std::cerr);
  }
  if (submit->parsed()) {
    if (target_option->count() > 0) submit_args.target_slot = target_slot;
    return proofagg::cli::run_submit(client, submit_args, std::cout, std::cerr);
  }
  if (status->parsed()) return proofagg::cli::run_status(client, job_id, std::cout, std::cerr);
  if (watch->parsed()) return proofagg::cli::run_watch(client, job_id, std::cout, std::cerr);
  if (aggregate_get->parsed()) return proofagg::cli::run_aggregate_get(client, aggregate_get_args, std::cout, std::cerr);
  return 0;
}
