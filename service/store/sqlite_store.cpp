#include <sqlite3.h>

#include <mutex>

#include "service/store/job_store.hpp"

namespace proofagg::store {
namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS verifying_keys (
  vk_hash BLOB PRIMARY KEY,
  snarkjs_json TEXT NOT NULL,
  public_inputs INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  vk_hash BLOB NOT NULL REFERENCES verifying_keys(vk_hash),
  rollup_id TEXT NOT NULL,
  proof BLOB NOT NULL,
  public_inputs BLOB NOT NULL,
  state INTEGER NOT NULL,
  slot INTEGER NOT NULL,
  submitted_at_ms INTEGER NOT NULL,
  failure_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs(state, slot, seq);
)sql";

constexpr const char* kJobColumns = "id, vk_hash, rollup_id, proof, public_inputs, state, slot, submitted_at_ms, failure_reason";

// One prepared statement, reset and cleared when the wrapper goes away.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    sqlite3_stmt* s = nullptr;
    status_ = sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
    stmt_.reset(s);
    db_ = db;
  }
  bool ok() const { return status_ == SQLITE_OK; }
  Statement& bind(int i, std::span<const std::uint8_t> blob) {
    sqlite3_bind_blob(stmt_.get(), i, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, std::string_view text) {
    // An empty view may have no data pointer, which SQLite would bind as NULL.
    sqlite3_bind_text(stmt_.get(), i, text.empty() ? "" : text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_.get(), i, v);
    return *this;
  }
  int step() { return status_ = sqlite3_step(stmt_.get()); }
  std::vector<std::uint8_t> blob(int col) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_.get(), col));
    return {p, p + sqlite3_column_bytes(stmt_.get(), col)};
  }
  std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), col));
    return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(stmt_.get(), col));
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_.get(), col); }
  Error error(const std::string& what) const { return make_error("store: " + what + ": " + sqlite3_errmsg(db_)); }

 private:
  std::unique_ptr<sqlite3_stmt, FinalizeStatement> stmt_;
  sqlite3* db_ = nullptr;
  int status_ = SQLITE_OK;
};

JobRecord read_job(const Statement& s) {
  JobRecord j;
  j.id = s.text(0);
  j.vk_hash = s.blob(1);
  j.rollup_id = s.text(2);
  j.proof = s.blob(3);
  j.public_inputs = s.blob(4);
  j.state = static_cast<JobState>(s.integer(5));
  j.slot = static_cast<std::uint64_t>(s.integer(6));
  j.submitted_at_ms = s.integer(7);
  j.failure_reason = s.text(8);
  return j;
}

class SqliteStore final : public JobStore {
 public:
  explicit SqliteStore(Db db) : db_(std::move(db)) {}

  Status put_verifying_key(const VerifyingKeyRecord& key) override {
    std::lock_guard lock(mutex_);
    Statement s(db_.get(), "INSERT OR IGNORE INTO verifying_keys (vk_hash, snarkjs_json, public_inputs) VALUES (?, ?, ?)");
    if (!s.ok()) return s.error("prepare");
    s.bind(1, key.vk_hash).bind(2, key.snarkjs_json).bind(3, std::int64_t{key.public_inputs});
    if (s.step() != SQLITE_DONE) return s.error("put verifying key");
    return {};
  }

  Result<std::optional<VerifyingKeyRecord>> get_verifying_key(std::span<const std::uint8_t> vk_hash) override {
    std::lock_guard lock(mutex_);
    Statement s(db_.get(), "SELECT vk_hash, snarkjs_json, public_inputs FROM verifying_keys WHERE vk_hash = ?");
    if (!s.ok()) return s.error("prepare");
    s.bind(1, vk_hash);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<VerifyingKeyRecord>();
    if (rc != SQLITE_ROW) return s.error("get verifying key");
    return std::optional<VerifyingKeyRecord>(
        VerifyingKeyRecord{s.blob(0), s.text(1), static_cast<std::uint32_t>(s.integer(2))});
  }

  Result<JobRecord> submit(const JobRecord& job) override {
    std::lock_guard lock(mutex_);
    {
      Statement s(db_.get(),
                  "INSERT OR IGNORE INTO jobs (id, vk_hash, rollup_id, proof, public_inputs, state, slot, "
                  "submitted_at_ms, failure_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      if (!s.ok()) return s.error("prepare");
      s.bind(1, job.id).bind(2, job.vk_hash).bind(3, job.rollup_id).bind(4, job.proof).bind(5, job.public_inputs);
      s.bind(6, static_cast<std::int64_t>(job.state)).bind(7, static_cast<std::int64_t>(job.slot));
      s.bind(8, job.submitted_at_ms).bind(9, job.failure_reason);
      if (s.step() != SQLITE_DONE) return s.error("submit");
    }
    auto stored = find(job.id);
    if (!stored) return Error{stored.error()};
    if (!*stored) return make_error("store: job " + job.id + " vanished after insert");
    return **stored;
  }

  Result<std::optional<JobRecord>> get_job(std::string_view id) override {
    std::lock_guard lock(mutex_);
    return find(id);
  }

  Result<std::vector<JobRecord>> jobs_in_state(JobState state, std::uint64_t max_slot, std::size_t limit) override {
    std::lock_guard lock(mutex_);
    const std::string sql = std::string("SELECT ") + kJobColumns + " FROM jobs WHERE state = ? AND slot <= ? ORDER BY seq LIMIT ?";
    Statement s(db_.get(), sql.c_str());
    if (!s.ok()) return s.error("prepare");
    s.bind(1, static_cast<std::int64_t>(state)).bind(2, static_cast<std::int64_t>(max_slot));
    s.bind(3, static_cast<std::int64_t>(limit));
    std::vector<JobRecord> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(read_job(s));
    if (rc != SQLITE_DONE) return s.error("list jobs");
    return out;
  }

  Result<std::uint64_t> count_in_state(JobState state) override {
    std::lock_guard lock(mutex_);
    Statement s(db_.get(), "SELECT COUNT(*) FROM jobs WHERE state = ?");
    if (!s.ok()) return s.error("prepare");
    s.bind(1, static_cast<std::int64_t>(state));
    if (s.step() != SQLITE_ROW) return s.error("count jobs");
    return static_cast<std::uint64_t>(s.integer(0));
  }

  Status set_state(std::string_view id, JobState state, std::string_view failure_reason) override {
    std::lock_guard lock(mutex_);
    Statement s(db_.get(), "UPDATE jobs SET state = ?, failure_reason = ? WHERE id = ?");
    if (!s.ok()) return s.error("prepare");
    s.bind(1, static_cast<std::int64_t>(state)).bind(2, failure_reason).bind(3, id);
    if (s.step() != SQLITE_DONE) return s.error("set state");
    if (sqlite3_changes(db_.get()) == 0) return make_error("store: no job " + std::string(id));
    return {};
  }

 private:
  Result<std::optional<JobRecord>> find(std::string_view id) {
    const std::string sql = std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = ?";
    Statement s(db_.get(), sql.c_str());
    if (!s.ok()) return s.error("prepare");
    s.bind(1, id);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<JobRecord>();
    if (rc != SQLITE_ROW) return s.error("get job");
    return std::optional<JobRecord>(read_job(s));
  }

  Db db_;
  std::mutex mutex_;  // one connection, serialised: SQLite has one writer anyway
};

}  // namespace

Result<std::unique_ptr<JobStore>> open_sqlite_store(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                                 nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return make_error("store: cannot open " + path + ": " + (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), 5000);
  // WAL lets readers run beside the writer; synchronous=FULL makes each commit
  // durable before it returns (an acknowledged job survives a crash or power loss).
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    char* message = nullptr;
    if (sqlite3_exec(db.get(), pragma, nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string reason = message != nullptr ? message : "unknown error";
      sqlite3_free(message);
      return make_error("store: " + std::string(pragma) + ": " + reason);
    }
  }
  char* message = nullptr;
  if (sqlite3_exec(db.get(), kSchema, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string reason = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return make_error("store: schema: " + reason);
  }
  return std::unique_ptr<JobStore>(std::make_unique<SqliteStore>(std::move(db)));
}

}  // namespace proofagg::store
