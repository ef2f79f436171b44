// Runs the proofagg binary as a user would and captures its exit code and output.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>

namespace proofagg::testing {

struct RunResult {
  int exit_code;
  std::string out;
  std::string err;
};

inline RunResult run_cli(const std::string& args) {
  // One file per process: ctest runs tests of this binary in parallel.
  const std::string err_file = ::testing::TempDir() + "/proofagg_cli_stderr_" + std::to_string(getpid()) + ".txt";
  const std::string cmd = std::string(PROOFAGG_CLI) + " " + args + " 2>" + err_file;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return {-1, "", "popen failed"};
  RunResult r{};
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe) != nullptr) r.out += buf.data();
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (FILE* f = std::fopen(err_file.c_str(), "r")) {
    while (std::fgets(buf.data(), buf.size(), f) != nullptr) r.err += buf.data();
    std::fclose(f);
  }
  std::remove(err_file.c_str());
  return r;
}

}  // namespace proofagg::testing
