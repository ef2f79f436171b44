// A throwaway PostgreSQL server for tests: initdb into a temporary folder, started on
// first use with a unix socket only, one fresh database per caller, stopped when the
// test program ends. Without PostgreSQL's binaries callers skip and say why.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kernels/core/result.hpp"
#include "tests/support/files.hpp"

namespace proofagg::testing {

namespace fs = std::filesystem;

// environment when the test program ends.

// "prefix" + number, spelled so that GCC 12 raises no false -Wrestrict (bug 105651).
inline std::string numbered(std::string prefix, int n) {
  prefix += std::to_string(n);
  return prefix;
}

// Runs argv with its output appended to `log`, in `cwd`; returns the exit status.
inline int run_command(const std::vector<std::string>& argv, const fs::path& log, const fs::path& cwd) {
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
    if (chdir(cwd.c_str()) != 0) _exit(126);  // the server's user may not enter ours
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline bool has_server_binaries(const fs::path& dir) {
  for (const char* tool : {"initdb", "pg_ctl", "postgres", "createdb", "psql"}) {
    if (access((dir / tool).c_str(), X_OK) != 0) return false;
  }
  return true;
}

// $PROOFAGG_PG_BINDIR, `pg_config --bindir`, then the newest /usr/lib/postgresql/*/bin.
inline std::optional<fs::path> find_pg_bindir() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("PROOFAGG_PG_BINDIR")) candidates.emplace_back(env);
  if (FILE* p = popen("pg_config --bindir 2>/dev/null", "r")) {
    std::array<char, 512> line{};
    if (fgets(line.data(), line.size(), p) != nullptr) {
      std::string dir = line.data();
      while (!dir.empty() && (dir.back() == '\n' || dir.back() == ' ')) dir.pop_back();
      candidates.emplace_back(dir);
    }
    pclose(p);
  }
  std::vector<std::pair<int, fs::path>> versions;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    versions.emplace_back(std::atoi(entry.path().filename().c_str()), entry.path() / "bin");
  }
  std::sort(versions.rbegin(), versions.rend());
  for (auto& [version, dir] : versions) candidates.push_back(dir);
  candidates.emplace_back("/usr/local/pgsql/bin");
  for (const fs::path& dir : candidates) {
    if (has_server_binaries(dir)) return dir;
  }
  return std::nullopt;
}

class PgServer {
 public:
  static PgServer& get() {
    static PgServer server;
    return server;
  }

  // A new empty database on the server (started on first use); its name. When
  // PostgreSQL is not installed, `skip_reason` says so (not a failure: callers skip).
  Result<std::string> fresh_database(std::string& skip_reason) {
    std::lock_guard lock(mutex_);
    if (!started_) {
      started_ = true;
      start();
    }
    if (skip_) {
      skip_reason = problem_;
      return make_error("skipped: " + problem_);
    }
    if (!problem_.empty()) return make_error("the throwaway PostgreSQL server did not start: " + problem_);
    const std::string name = numbered("t", ++databases_);
    if (run_command({(bindir_ / "createdb").string(), "-h", dir_.string(), "-p", std::to_string(port_), "-U",
                     kSuperuser, name},
                    dir_ / "createdb.log", dir_) != 0) {
      return make_error("createdb failed: " + read_text((dir_ / "createdb.log").string()));
    }
    return name;
  }

  // Runs one SQL command on `db` as the superuser; its exit status.
  int psql(const std::string& db, const std::string& command) {
    std::lock_guard lock(mutex_);
    return run_command({(bindir_ / "psql").string(), "-h", dir_.string(), "-p", std::to_string(port_), "-U", kSuperuser,
                        "-d", db, "-v", "ON_ERROR_STOP=1", "-c", command},
                       dir_ / "psql.log", dir_);
  }

  std::string conninfo(const std::string& db) const {
    return "host=" + dir_.string() + " port=" + std::to_string(port_) + " user=" + kSuperuser + " dbname=" + db;
  }
  std::string url(const std::string& db) const {
    return "postgresql:///" + db + "?host=" + dir_.string() + "&port=" + std::to_string(port_) + "&user=" + kSuperuser;
  }

  // An outage: the server stops (connections break) but keeps its data, until
  // resume() starts it again on the same socket.
  bool halt() {
    std::lock_guard lock(mutex_);
    if (!running_) return false;
    running_ = as_server_user({(bindir_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-m", "immediate", "-w",
                               "stop"},
                              "pg_ctl_halt.log") != 0;
    return !running_;
  }
  bool resume() {
    std::lock_guard lock(mutex_);
    if (running_ || dir_.empty()) return running_;
    running_ = start_server();
    return running_;
  }

  void stop() {
    std::lock_guard lock(mutex_);
    if (running_) {
      as_server_user({(bindir_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-m", "immediate", "-w", "stop"},
                     "pg_ctl_stop.log");
      running_ = false;
    }
    if (!dir_.empty()) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
      dir_.clear();
    }
  }

 private:
  static constexpr const char* kSuperuser = "proofagg";

  void start() {
    const auto bindir = find_pg_bindir();
    if (!bindir) {
      skip_ = true;
      problem_ =
          "PostgreSQL server binaries (initdb, pg_ctl, postgres, createdb, psql) not found: install the postgresql "
          "package (scripts/install-deps.sh) or set PROOFAGG_PG_BINDIR";
      return;
    }
    bindir_ = *bindir;
    // /tmp, not TempDir(): a unix socket's path must stay under ~100 bytes.
    std::string templ = "/tmp/proofagg_pg_XXXXXX";
    if (mkdtemp(templ.data()) == nullptr) {
      problem_ = "mkdtemp failed";
      return;
    }
    dir_ = templ;
    // initdb and postgres refuse to run as root: run them as an unprivileged user
    // that owns the folder.
    if (geteuid() == 0) {
      const passwd* pw = nullptr;
      for (const char* name : {"postgres", "nobody"}) {
        if ((pw = getpwnam(name)) != nullptr) break;
      }
      if (pw == nullptr) {
        problem_ = "running as root and neither a postgres nor a nobody user exists to run the server";
        return;
      }
      user_ = pw->pw_name;
      if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        problem_ = "cannot chown " + dir_.string() + " to " + user_;
        return;
      }
    }
    // The socket lives in our private folder and TCP is off, so any port is free;
    // the pid keeps the number apart from other test processes' anyway.
    port_ = 20000 + static_cast<int>(getpid() % 20000);
    if (as_server_user({(bindir_ / "initdb").string(), "-D", (dir_ / "data").string(), "-U", kSuperuser, "-A", "trust",
                        "-E", "UTF8", "--no-sync"},
                       "initdb.log") != 0) {
      problem_ = "initdb failed: " + read_text((dir_ / "initdb.log").string());
      return;
    }
    if (!start_server()) {
      problem_ = "pg_ctl start failed: " + read_text((dir_ / "pg_ctl_start.log").string()) + read_text((dir_ / "server.log").string());
      return;
    }
    running_ = true;
  }

  bool start_server() {
    // A small server: a few stores' connection pools, little shared memory, since
    // ctest runs one server per test process and several processes at once.
    const std::string options = "-k " + dir_.string() + " -p " + std::to_string(port_) +
                                " -c listen_addresses='' -c max_connections=50 -c shared_buffers=16MB";
    return as_server_user({(bindir_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-l",
                           (dir_ / "server.log").string(), "-w", "-t", "60", "-o", options, "start"},
                          "pg_ctl_start.log") == 0;
  }

  int as_server_user(std::vector<std::string> argv, const char* log) {
    if (!user_.empty()) {
      const char* runuser = access("/usr/sbin/runuser", X_OK) == 0 ? "/usr/sbin/runuser"
                            : access("/sbin/runuser", X_OK) == 0   ? "/sbin/runuser"
                                                                    : nullptr;
      if (runuser != nullptr) {
        argv.insert(argv.begin(), {runuser, "-u", user_, "--"});
      } else {  // su needs a shell line; the user's own shell may be nologin
        std::string line = "exec";
        for (const std::string& a : argv) line += " '" + a + "'";  // our paths hold no quotes
        argv = {"su", "-s", "/bin/sh", user_, "-c", line};
      }
    }
    return run_command(argv, dir_ / log, dir_);
  }

  std::mutex mutex_;
  bool started_ = false, running_ = false, skip_ = false;
  std::string problem_;
  fs::path bindir_, dir_;
  std::string user_;
  int port_ = 0;
  int databases_ = 0;
};

class PgEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { PgServer::get().stop(); }
};
// GoogleTest owns registered environments.
inline ::testing::Environment* const pg_environment = ::testing::AddGlobalTestEnvironment(new PgEnvironment);

}  // namespace proofagg::testing
