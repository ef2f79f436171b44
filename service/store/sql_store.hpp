// Internal to service/store: the SQL both backends share. The job store's logic
// (statements, transactions, validation, row decoding) is written once against a
// minimal session interface; sqlite_store.cpp and postgres_store.cpp only provide
// sessions (connect, bind, run, decode cells) and their schema. Statements use
// PostgreSQL's "$N" placeholders; the SQLite session binds them by name.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "kernels/core/result.hpp"
#include "service/store/job_store.hpp"

namespace proofagg::store::sql {

// The tables and indexes, in the backend's names for a byte string, a 64-bit integer
// and an auto-increment primary key; every statement runs against this one layout.
struct ColumnTypes {
  std::string_view bytes, integer, sequence;
};
std::string schema(const ColumnTypes& types);

struct Null {};
// One bound value: string_view binds as text, span as a blob.
using Param = std::variant<Null, std::int64_t, std::string_view, std::span<const std::uint8_t>>;
// One value read back.
using Cell = std::variant<std::monostate, std::int64_t, std::string, std::vector<std::uint8_t>>;

// A statement's rows, copied out of the driver, and how many rows it changed.
struct Table {
  std::size_t columns = 0;
  std::vector<Cell> cells;  // row-major
  std::int64_t affected = 0;  // rows an INSERT, UPDATE or DELETE changed

  std::size_t rows() const { return columns == 0 ? 0 : cells.size() / columns; }
  const Cell& at(std::size_t row, std::size_t col) const { return cells[row * columns + col]; }
  bool is_null(std::size_t row, std::size_t col) const { return std::holds_alternative<std::monostate>(at(row, col)); }
  std::int64_t integer(std::size_t row, std::size_t col) const;
  std::string text(std::size_t row, std::size_t col) const;
  std::vector<std::uint8_t> blob(std::size_t row, std::size_t col) const;
};

// One connection. Used by one thread at a time (a SessionLease guarantees it).
class Session {
 public:
  virtual ~Session() = default;
  // Errors carry the driver's message without the "store: " prefix.
  virtual Result<Table> execute(std::string_view sql, std::span<const Param> params) = 0;
  Result<Table> run(std::string_view sql, std::initializer_list<Param> params = {}) {
    return execute(sql, std::span<const Param>(params.begin(), params.size()));
  }
};

// Exclusive use of a session until the lease goes away.
class SessionLease {
 public:
  SessionLease(Session& session, std::function<void()> release) : session_(&session), release_(std::move(release)) {}
  SessionLease(SessionLease&& other) noexcept
      : session_(other.session_), release_(std::exchange(other.release_, nullptr)) {}
  SessionLease& operator=(SessionLease&&) = delete;
  SessionLease(const SessionLease&) = delete;
  ~SessionLease() {
    if (release_) release_();
  }
  Session& operator*() const { return *session_; }
  Session* operator->() const { return session_; }

 private:
  Session* session_;
  std::function<void()> release_;
};

// Where the store gets its sessions: SQLite has one behind a mutex, PostgreSQL a pool.
class SessionSource {
 public:
  virtual ~SessionSource() = default;
  virtual Result<SessionLease> acquire() = 0;
};

// The few places where the dialects differ.
struct Dialect {
  // Starts a write transaction. SQLite's IMMEDIATE takes the write lock up front, so
  // two writers never deadlock upgrading their read locks.
  const char* begin;
  // Appended to the claim's inner SELECT: PostgreSQL's row locks let concurrent
  // claimers skip each other's rows; SQLite's transaction already excludes them.
  const char* lock_claimed_rows;
  // Appended to a SELECT whose rows the transaction goes on to update: PostgreSQL
  // locks them until it ends; SQLite's transaction already holds the write lock.
  const char* lock_rows;
  // Run first in the schema upgrade's transaction, so that processes starting
  // together upgrade one after the other (empty: BEGIN already excludes them).
  const char* schema_lock;
  // One row, one column: 1 when table $1 has column $2, else 0.
  const char* column_exists;
};

// The store over `sessions`, once the schema has been brought up to date (columns
// added since a database was created are added to it).
Result<std::unique_ptr<JobStore>> make_store(std::unique_ptr<SessionSource> sessions, Dialect dialect);

// "store: what: detail".
Error failure(std::string_view what, std::string_view detail);

}  // namespace proofagg::store::sql
