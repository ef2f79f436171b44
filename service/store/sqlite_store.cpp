// The embedded backend: one SQLite connection behind a mutex (SQLite runs one writer
// at a time anyway, and ":memory:" databases exist only inside their connection).
// WAL + synchronous=FULL: every commit reaches the disk before the call returns.
#include <sqlite3.h>

#include <charconv>
#include <mutex>
#include <unordered_map>

#include "service/store/job_store.hpp"
#include "service/store/sql_store.hpp"

namespace proofagg::store {
namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using StatementPtr = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;


class SqliteSession final : public sql::Session {
 public:
  explicit SqliteSession(Db db) : db_(std::move(db)) {}

  Result<sql::Table> execute(std::string_view text, std::span<const sql::Param> params) override {
    auto prepared = prepare(text);
    if (!prepared) return prepared.failure();
    sqlite3_stmt* stmt = *prepared;
    // A statement left mid-way would keep its read snapshot (and block checkpoints).
    const std::unique_ptr<sqlite3_stmt, void (*)(sqlite3_stmt*)> reset(stmt, [](sqlite3_stmt* s) {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    });
    if (auto bound = bind(stmt, params); !bound) return bound.failure();
    sql::Table table;
    table.columns = static_cast<std::size_t>(sqlite3_column_count(stmt));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      for (int c = 0; c < static_cast<int>(table.columns); ++c) table.cells.push_back(cell(stmt, c));
    }
    if (rc != SQLITE_DONE) return make_error(sqlite3_errmsg(db_.get()));
    table.affected = sqlite3_stmt_readonly(stmt) ? 0 : sqlite3_changes(db_.get());
    return table;
  }

 private:
  // Statements are compiled once per connection and kept: the store runs a fixed set.
  Result<sqlite3_stmt*> prepare(std::string_view text) {
    std::string key(text);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second.get();
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db_.get(), key.c_str(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT,
                                      &raw, &tail);
    StatementPtr stmt(raw);
    if (rc != SQLITE_OK) return make_error(sqlite3_errmsg(db_.get()));
    const bool more = tail != nullptr && std::string_view(tail).find_first_not_of(" \t\n;") != std::string_view::npos;
    if (stmt == nullptr || more) {
      return make_error("expected exactly one statement: " + key);
    }
    return cache_.emplace(std::move(key), std::move(stmt)).first->second.get();
  }

  // The shared statements name their parameters "$1".."$N", PostgreSQL's way;
  // SQLite accepts those as named parameters, bound here by their number.
  Status bind(sqlite3_stmt* stmt, std::span<const sql::Param> params) {
    const int count = sqlite3_bind_parameter_count(stmt);
    for (int i = 1; i <= count; ++i) {
      const char* name = sqlite3_bind_parameter_name(stmt, i);
      std::size_t k = 0;
      const std::string_view n = name != nullptr ? name : "";
      if (n.size() < 2 || n[0] != '$' || std::from_chars(n.data() + 1, n.data() + n.size(), k).ec != std::errc() ||
          k < 1 || k > params.size()) {
        return make_error("statement parameter " + std::string(n) + " has no value (" + std::to_string(params.size()) +
                          " given)");
      }
      const int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, sql::Null>) {
              return sqlite3_bind_null(stmt, i);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              return sqlite3_bind_int64(stmt, i, v);
            } else if constexpr (std::is_same_v<T, std::string_view>) {
              // An empty view may have no data pointer, which SQLite would bind as NULL.
              return sqlite3_bind_text(stmt, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()),
                                       SQLITE_TRANSIENT);
            } else {
              // Likewise an empty blob: bind a zero-length one, not NULL.
              if (v.empty()) return sqlite3_bind_zeroblob(stmt, i, 0);
              return sqlite3_bind_blob(stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
            }
          },
          params[k - 1]);
      if (rc != SQLITE_OK) return make_error(sqlite3_errmsg(db_.get()));
    }
    return {};
  }

  static sql::Cell cell(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_NULL:
        return std::monostate{};
      case SQLITE_INTEGER:
      case SQLITE_FLOAT:
        return static_cast<std::int64_t>(sqlite3_column_int64(stmt, c));
      case SQLITE_TEXT: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
      default: {
        const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, c));
        return std::vector<std::uint8_t>(p, p + sqlite3_column_bytes(stmt, c));
      }
    }
  }

  Db db_;
  std::unordered_map<std::string, StatementPtr> cache_;  // after db_: finalized before the close
};

class SqliteSessions final : public sql::SessionSource {
 public:
  explicit SqliteSessions(Db db) : session_(std::move(db)) {}
  Result<sql::SessionLease> acquire() override {
    mutex_.lock();
    return sql::SessionLease(session_, [this] { mutex_.unlock(); });
  }

 private:
  std::mutex mutex_;
  SqliteSession session_;
};

Status exec(sqlite3* db, const char* text, std::string_view what) {
  char* message = nullptr;
  if (sqlite3_exec(db, text, nullptr, nullptr, &message) == SQLITE_OK) return {};
  const std::string reason = message != nullptr ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  return sql::failure(what, reason);
}

}  // namespace

Result<std::unique_ptr<JobStore>> open_sqlite_store(const std::string& path) {
  // The shared statements use RETURNING (3.35) and upserts (3.24).
  if (sqlite3_libversion_number() < 3035000) {
    return make_error(std::string("store: SQLite 3.35 or newer is needed, found ") + sqlite3_libversion());
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                                 nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    const char* reason = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return make_error("store: cannot open " + path + ": " + reason);
  }
  // Other processes' writes wait instead of failing at once.
  sqlite3_busy_timeout(db.get(), 5000);
  // WAL lets readers run beside the writer; synchronous=FULL makes each commit
  // durable before it returns (an acknowledged job survives a crash or power loss).
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    if (auto s = exec(db.get(), pragma, pragma); !s) return s.failure();
  }
  const std::string schema = sql::schema({.bytes = "BLOB", .integer = "INTEGER", .sequence = "INTEGER PRIMARY KEY AUTOINCREMENT"});
  if (auto s = exec(db.get(), schema.c_str(), "schema"); !s) return s.failure();
  return sql::make_store(std::make_unique<SqliteSessions>(std::move(db)),
                         sql::Dialect{.begin = "BEGIN IMMEDIATE",
                                      .lock_claimed_rows = "",
                                      .lock_rows = "",
                                      .schema_lock = "",
                                      .column_exists = "SELECT COUNT(*) FROM pragma_table_info($1) WHERE name = $2"});
}

}  // namespace proofagg::store
