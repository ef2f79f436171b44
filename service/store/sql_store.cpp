// The job store's logic, shared by the SQLite and PostgreSQL backends: both run the
// same statements, so both keep the same promises (see job_store.hpp).
#include "service/store/sql_store.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include "kernels/core/hex.hpp"

namespace proofagg::store::sql {

std::string schema(const ColumnTypes& types) {
  std::string text = R"sql(
CREATE TABLE IF NOT EXISTS verifying_keys (
  vk_hash $BYTES PRIMARY KEY,
  snarkjs_json TEXT NOT NULL,
  public_inputs $INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
  seq $SEQUENCE,
  id TEXT NOT NULL UNIQUE,
  vk_hash $BYTES NOT NULL REFERENCES verifying_keys(vk_hash),
  rollup_id TEXT NOT NULL,
  proof $BYTES NOT NULL,
  public_inputs $BYTES NOT NULL,
  state $INTEGER NOT NULL,
  slot $INTEGER NOT NULL,
  submitted_at_ms $INTEGER NOT NULL,
  failure_reason TEXT NOT NULL DEFAULT '',
  aggregate_id TEXT,  -- the inclusion: set together, once included
  leaf_index $INTEGER,
  siblings $BYTES,
  root $BYTES
);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs(state, slot, seq);
CREATE TABLE IF NOT EXISTS slots (
  slot $INTEGER PRIMARY KEY,
  owner TEXT NOT NULL,
  recorded BOOLEAN NOT NULL DEFAULT FALSE,
  state $INTEGER,  -- the aggregate: set when recorded
  aggregate_id TEXT,
  root $BYTES,
  job_ids TEXT,  -- one per line, in leaf order
  aggregate_proof $BYTES,
  aggregate_public_inputs $BYTES,
  note TEXT,
  closed_at_ms $INTEGER
);
CREATE INDEX IF NOT EXISTS slots_by_owner ON slots(owner, recorded);
CREATE TABLE IF NOT EXISTS proving_tasks (
  id TEXT PRIMARY KEY,
  slot $INTEGER NOT NULL,
  level $INTEGER NOT NULL,
  position $INTEGER NOT NULL,
  parent_id TEXT NOT NULL,  -- '' for the root
  job_ids TEXT NOT NULL,    -- a leaf's, one per line
  state $INTEGER NOT NULL,
  pending_children $INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until_ms $INTEGER NOT NULL DEFAULT 0,
  attempts $INTEGER NOT NULL DEFAULT 0,
  output $BYTES,
  error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS proving_tasks_by_state ON proving_tasks(state, slot, level);
CREATE INDEX IF NOT EXISTS proving_tasks_by_parent ON proving_tasks(parent_id, position);
CREATE TABLE IF NOT EXISTS settings (
  name TEXT PRIMARY KEY,
  value $INTEGER NOT NULL
);
)sql";
  for (const auto& [name, type] : {std::pair{std::string_view("$SEQUENCE"), types.sequence},
                                   std::pair{std::string_view("$BYTES"), types.bytes},
                                   std::pair{std::string_view("$INTEGER"), types.integer}}) {
    for (std::size_t at; (at = text.find(name)) != std::string::npos;) text.replace(at, name.size(), type);
  }
  return text;
}

std::int64_t Table::integer(std::size_t row, std::size_t col) const {
  const Cell& c = at(row, col);
  return std::holds_alternative<std::int64_t>(c) ? std::get<std::int64_t>(c) : 0;
}

std::string Table::text(std::size_t row, std::size_t col) const {
  const Cell& c = at(row, col);
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  if (const auto* b = std::get_if<std::vector<std::uint8_t>>(&c)) return {b->begin(), b->end()};
  return {};
}

std::vector<std::uint8_t> Table::blob(std::size_t row, std::size_t col) const {
  const Cell& c = at(row, col);
  if (const auto* b = std::get_if<std::vector<std::uint8_t>>(&c)) return *b;
  if (const auto* s = std::get_if<std::string>(&c)) return {s->begin(), s->end()};
  return {};
}

Error failure(std::string_view what, std::string_view detail) {
  return make_error("store: " + std::string(what) + ": " + std::string(detail), ErrorKind::kUnavailable);
}

namespace {

// Column order read_job expects; `seq` orders jobs by arrival.
constexpr std::string_view kJobColumns =
    "seq, id, vk_hash, rollup_id, proof, public_inputs, state, slot, submitted_at_ms, failure_reason, "
    "aggregate_id, leaf_index, siblings, root";
constexpr std::string_view kAggregateColumns =
    "slot, state, aggregate_id, root, job_ids, aggregate_proof, aggregate_public_inputs, note, closed_at_ms, "
    "wrapper_vk_hash, proven_at_ms";

std::string with_job_columns(std::string_view before, std::string_view after = {}) {
  return std::string(before) + std::string(kJobColumns) + std::string(after);
}

std::int64_t db(JobState s) { return static_cast<std::int64_t>(s); }
std::int64_t db(AggregateState s) { return static_cast<std::int64_t>(s); }
std::int64_t db(ProvingTaskState s) { return static_cast<std::int64_t>(s); }

const char* name(JobState s) {
  switch (s) {
    case JobState::kQueued: return "queued";
    case JobState::kVerified: return "verified";
    case JobState::kAggregating: return "aggregating";
    case JobState::kIncluded: return "included";
    case JobState::kFailed: return "failed";
  }
  return "in an unknown state";
}

// Both databases store signed 64-bit integers; larger slots would wrap and break
// every `slot <= ?` comparison, so they are refused at the border.
Result<std::int64_t> db_int(std::uint64_t v, std::string_view what, std::string_view field) {
  if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    // The caller's value, not the store's failure: refused as input.
    return make_error("store: " + std::string(what) + ": " + std::string(field) + " " + std::to_string(v) +
                      " is out of range (at most 2^63 - 1)");
  }
  return static_cast<std::int64_t>(v);
}

// Reads the columns of kJobColumns starting at `row`; returns the job's seq too.
std::pair<std::int64_t, JobRecord> read_job(const Table& t, std::size_t row) {
  JobRecord j;
  j.id = t.text(row, 1);
  j.vk_hash = t.blob(row, 2);
  j.rollup_id = t.text(row, 3);
  j.proof = t.blob(row, 4);
  j.public_inputs = t.blob(row, 5);
  j.state = static_cast<JobState>(t.integer(row, 6));
  j.slot = static_cast<std::uint64_t>(t.integer(row, 7));
  j.submitted_at_ms = t.integer(row, 8);
  j.failure_reason = t.text(row, 9);
  if (!t.is_null(row, 10)) {  // an aggregate id marks an inclusion
    j.inclusion = Inclusion{t.text(row, 10), static_cast<std::uint64_t>(t.integer(row, 11)), t.blob(row, 12),
                            t.blob(row, 13)};
  }
  return {t.integer(row, 0), std::move(j)};
}

// Lists (a slot's job ids, a key's submitters) are kept as one text column, one
// entry per line.
Status check_lines(std::span<const std::string> entries, std::string_view what, std::string_view entry_name) {
  for (const std::string& e : entries) {
    if (e.empty() || e.find('\n') != std::string::npos) {
      return make_error("store: " + std::string(what) + ": " + std::string(entry_name) + " \"" + e +
                        "\" is empty or contains a newline");
    }
  }
  return {};
}

std::string join_lines(std::span<const std::string> entries) {
  std::string out;
  for (const std::string& e : entries) {
    if (!out.empty()) out += '\n';
    out += e;
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    out.push_back(text.substr(start, nl - start));
  }
  out.push_back(text.substr(start));
  return out;
}

// A write transaction that rolls back unless committed.
class Transaction {
 public:
  Transaction(Session& session, const Dialect& dialect, std::string_view what)
      : session_(session), what_(what) {
    auto r = session_.run(dialect.begin);
    if (r) {
      open_ = true;
    } else {
      status_ = failure(what_, r.error());
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) (void)session_.run("ROLLBACK");
  }
  // An error when BEGIN failed.
  const Status& status() const { return status_; }
  Status commit() {
    auto r = session_.run("COMMIT");
    if (!r) return failure(what_, r.error());  // the destructor still rolls back what is left
    open_ = false;
    return {};
  }

 private:
  Session& session_;
  std::string what_;
  bool open_ = false;
  Status status_;
};

// Columns added since the first schema, in order; a database made before one of
// them gets it on open (CREATE TABLE IF NOT EXISTS leaves old tables as they were).
struct AddedColumn {
  const char* table;
  const char* column;
  const char* definition;
};
constexpr AddedColumn kAddedColumns[] = {
    {"verifying_keys", "owner", "TEXT NOT NULL DEFAULT ''"},
    {"verifying_keys", "submitters", "TEXT NOT NULL DEFAULT ''"},
    {"slots", "claimed_at_ms", "BIGINT NOT NULL DEFAULT 0"},
    {"slots", "wrapper_vk_hash", "TEXT NOT NULL DEFAULT ''"},  // hex: one type in both dialects
    {"slots", "proven_at_ms", "BIGINT NOT NULL DEFAULT 0"},
};

Status upgrade_schema(Session& session, const Dialect& dialect) {
  constexpr std::string_view what = "schema upgrade";
  Transaction tx(session, dialect, what);
  if (!tx.status()) return tx.status();
  if (*dialect.schema_lock != '\0') {
    if (auto r = session.run(dialect.schema_lock); !r) return failure(what, r.error());
  }
  for (const AddedColumn& added : kAddedColumns) {
    auto exists = session.run(dialect.column_exists, {std::string_view(added.table), std::string_view(added.column)});
    if (!exists) return failure(what, exists.error());
    if (exists->rows() == 1 && exists->integer(0, 0) == 1) continue;
    const std::string alter = std::string("ALTER TABLE ") + added.table + " ADD COLUMN " + added.column + " " +
                              added.definition;
    if (auto r = session.run(alter); !r) return failure(what, r.error());
  }
  return tx.commit();
}

constexpr std::string_view kGenesisSetting = "slot_clock.genesis_unix_ms";
constexpr std::string_view kSlotLengthSetting = "slot_clock.slot_ms";

class SqlStore final : public JobStore {
 public:
  SqlStore(std::unique_ptr<SessionSource> sessions, Dialect dialect)
      : sessions_(std::move(sessions)), dialect_(dialect) {}

  Result<VerifyingKeyRecord> put_verifying_key(const VerifyingKeyRecord& key) override {
    constexpr std::string_view what = "put verifying key";
    if (auto c = check_lines(key.submitters, what, "submitter"); !c) return c.failure();
    {
      auto s = sessions_->acquire();
      if (!s) return s.failure();
      auto r = (*s)->run(
          "INSERT INTO verifying_keys (vk_hash, snarkjs_json, public_inputs, owner, submitters) "
          "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (vk_hash) DO NOTHING",
          {key.vk_hash, key.snarkjs_json, std::int64_t{key.public_inputs}, key.owner, join_lines(key.submitters)});
      if (!r) return failure(what, r.error());
    }
    auto stored = get_verifying_key(key.vk_hash);
    if (!stored) return stored.failure();
    if (!*stored) return failure(what, "the key vanished after insert");
    return std::move(**stored);
  }

  Status set_key_submitters(std::span<const std::uint8_t> vk_hash, std::string_view owner,
                            std::span<const std::string> submitters) override {
    constexpr std::string_view what = "set key submitters";
    if (auto c = check_lines(submitters, what, "submitter"); !c) return c;
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    auto r = (*s)->run("UPDATE verifying_keys SET submitters = $3 WHERE vk_hash = $1 AND owner = $2",
                       {vk_hash, owner, join_lines(submitters)});
    if (!r) return failure(what, r.error());
    if (r->affected == 0) {
      return make_error("only the rollup that registered the key may change who submits against it",
                        ErrorKind::kPermissionDenied);
    }
    return {};
  }

  Result<std::optional<VerifyingKeyRecord>> get_verifying_key(std::span<const std::uint8_t> vk_hash) override {
    auto keys = select_keys("get verifying key", " WHERE vk_hash = $1", {vk_hash});
    if (!keys) return keys.failure();
    if (keys->empty()) return std::optional<VerifyingKeyRecord>();
    return std::optional<VerifyingKeyRecord>(std::move(keys->front()));
  }

  Result<std::vector<VerifyingKeyRecord>> list_verifying_keys() override {
    return select_keys("list verifying keys", " ORDER BY vk_hash", {});
  }

  Result<std::vector<SubmittedJob>> submit(std::span<const JobRecord> jobs) override {
    constexpr std::string_view what = "submit";
    std::vector<SubmittedJob> stored;
    if (jobs.empty()) return stored;
    std::vector<std::int64_t> slots;
    for (const JobRecord& job : jobs) {
      auto slot = db_int(job.slot, what, "slot");
      if (!slot) return slot.failure();
      slots.push_back(*slot);
    }
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    Transaction tx(**s, dialect_, what);
    if (!tx.status()) return tx.status().failure();
    // Insert all, then read all back: a duplicate within the batch or of an earlier
    // batch leaves the first copy, which is what every submitter of it gets. Rows go
    // in id order, so two processes inserting overlapping batches take the row locks
    // in the same order and cannot deadlock (the batch's jobs arrived together), and
    // many rows per statement, so a batch costs a few round trips, not two per job.
    std::vector<std::size_t> order(jobs.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return jobs[a].id < jobs[b].id; });
    constexpr std::size_t kRowsPerStatement = 64;  // 576 parameters: within every backend's limit
    std::map<std::string, JobRecord> by_id;
    std::set<std::string> created;  // ids this call inserted (RETURNING lists only those)
    for (std::size_t first = 0; first < order.size(); first += kRowsPerStatement) {
      const std::span<const std::size_t> rows =
          std::span(order).subspan(first, std::min(kRowsPerStatement, order.size() - first));
      std::string insert =
          "INSERT INTO jobs (id, vk_hash, rollup_id, proof, public_inputs, state, slot, submitted_at_ms, "
          "failure_reason) VALUES ";
      std::string select = with_job_columns("SELECT ", " FROM jobs WHERE id IN (");
      std::vector<Param> insert_params, select_params;
      for (std::size_t k = 0; k < rows.size(); ++k) {
        const JobRecord& job = jobs[rows[k]];
        insert += k == 0 ? "(" : ", (";
        for (int c = 1; c <= 9; ++c) insert += (c == 1 ? "$" : ", $") + std::to_string(insert_params.size() + c);
        insert += ")";
        insert_params.insert(insert_params.end(), {job.id, job.vk_hash, job.rollup_id, job.proof, job.public_inputs,
                                                   db(job.state), slots[rows[k]], job.submitted_at_ms,
                                                   job.failure_reason});
        select += (k == 0 ? "$" : ", $") + std::to_string(k + 1);
        select_params.emplace_back(std::string_view(job.id));
      }
      insert += " ON CONFLICT (id) DO NOTHING RETURNING id";
      select += ")";
      auto inserted = (*s)->execute(insert, insert_params);
      if (!inserted) {
        const std::string& low = jobs[rows.front()].id;
        const std::string& high = jobs[rows.back()].id;
        return failure(what, (rows.size() == 1 ? "job " + low : "jobs " + low + " .. " + high) + ": " + inserted.error());
      }
      for (std::size_t row = 0; row < inserted->rows(); ++row) created.insert(inserted->text(row, 0));
      auto r = (*s)->execute(select, select_params);
      if (!r) return failure(what, r.error());
      for (std::size_t row = 0; row < r->rows(); ++row) {
        JobRecord job = read_job(*r, row).second;
        std::string id = job.id;
        by_id.emplace(std::move(id), std::move(job));
      }
    }
    for (const JobRecord& job : jobs) {
      const auto found = by_id.find(job.id);
      if (found == by_id.end()) return failure(what, "job " + job.id + " vanished after insert");
      // The first of equal ids in the batch is the one the insert took.
      stored.push_back({found->second, created.erase(job.id) == 1});
    }
    if (auto c = tx.commit(); !c) return c.failure();
    return stored;
  }

  Status ping() override {
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    if (auto r = (*s)->run("SELECT 1"); !r) return failure("ping", r.error());
    return {};
  }

  Result<std::uint64_t> release_stale_claims(std::int64_t claimed_before_ms) override {
    return release_claims("release stale claims", "claimed_at_ms < ", claimed_before_ms);
  }

  Result<SlotClockSetting> adopt_slot_clock(const SlotClockSetting& clock) override {
    constexpr std::string_view what = "adopt slot clock";
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    Transaction tx(**s, dialect_, what);
    if (!tx.status()) return tx.status().failure();
    if (Status w = write_slot_clock(**s, clock, /*replace=*/false, what); !w) return w.failure();
    auto stored = read_slot_clock(**s, what);
    if (!stored) return stored;
    if (auto c = tx.commit(); !c) return c.failure();
    return stored;
  }

  Result<SlotClockChange> change_slot_clock(const SlotClockSetting& clock, std::uint64_t open_slot) override {
    constexpr std::string_view what = "change slot clock";
    auto db_slot = db_int(open_slot, what, "slot");
    if (!db_slot) return db_slot.failure();
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    Transaction tx(**s, dialect_, what);
    if (!tx.status()) return tx.status().failure();
    if (Status w = write_slot_clock(**s, clock, /*replace=*/true, what); !w) return w.failure();
    SlotClockChange change;
    auto jobs = (*s)->run("UPDATE jobs SET state = $1, slot = $2 WHERE state IN ($1, $3)",
                          {db(JobState::kVerified), *db_slot, db(JobState::kAggregating)});
    if (!jobs) return failure(what, jobs.error());
    change.jobs_retargeted = static_cast<std::uint64_t>(jobs->affected);
    if (auto r = (*s)->run("DELETE FROM proving_tasks WHERE slot IN (SELECT slot FROM slots WHERE NOT recorded)"); !r) {
      return failure(what, r.error());
    }
    if (auto r = (*s)->run("DELETE FROM slots WHERE NOT recorded"); !r) return failure(what, r.error());
    if (auto r = (*s)->run("DELETE FROM proving_tasks WHERE slot >= $1", {*db_slot}); !r) return failure(what, r.error());
    auto results = (*s)->run("DELETE FROM slots WHERE slot >= $1", {*db_slot});
    if (!results) return failure(what, results.error());
    change.slot_results_dropped = static_cast<std::uint64_t>(results->affected);
    if (auto c = tx.commit(); !c) return c.failure();
    return change;
  }

  Result<std::optional<JobRecord>> get_job(std::string_view id) override {
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    auto r = (*s)->run(with_job_columns("SELECT ", " FROM jobs WHERE id = $1"), {id});
    if (!r) return failure("get job", r.error());
    if (r->rows() == 0) return std::optional<JobRecord>();
    return std::optional<JobRecord>(read_job(*r, 0).second);
  }

  Result<std::map<JobState, std::uint64_t>> count_by_state() override {
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    auto r = (*s)->run("SELECT state, COUNT(*) FROM jobs GROUP BY state");
    if (!r) return failure("count jobs", r.error());
    // Every state is present, zero when no job is in it: callers export all of them.
    std::map<JobState, std::uint64_t> counts;
    for (JobState state : {JobState::kQueued, JobState::kVerified, JobState::kAggregating, JobState::kIncluded,
                           JobState::kFailed}) {
      counts[state] = 0;
    }
    for (std::size_t i = 0; i < r->rows(); ++i) {
      counts[static_cast<JobState>(r->integer(i, 0))] = static_cast<std::uint64_t>(r->integer(i, 1));
    }
    return counts;
  }

  Status set_state(std::string_view id, JobState state, std::string_view failure_reason) override {
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    auto r = (*s)->run("UPDATE jobs SET state = $1, failure_reason = $2 WHERE id = $3",
                       {db(state), failure_reason, id});
    if (!r) return failure("set state", r.error());
    if (r->affected == 0) return make_error("store: no job " + std::string(id), ErrorKind::kNotFound);
    return {};
  }

  Result<bool> claim_slot(std::uint64_t slot, std::string_view owner) override {
    constexpr std::string_view what = "claim slot";
    auto db_slot = db_int(slot, what, "slot");
    if (!db_slot) return db_slot.failure();
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    // The primary key makes the first claim win, across processes; the time starts
    // its lease (release_stale_claims).
    const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
    auto r = (*s)->run(
        "INSERT INTO slots (slot, owner, recorded, claimed_at_ms) VALUES ($1, $2, FALSE, $3) "
        "ON CONFLICT (slot) DO NOTHING",
        {*db_slot, owner, now_ms});
    if (!r) return failure(what, r.error());
    return r->affected == 1;
  }

  Result<std::vector<JobRecord>> claim_jobs(std::uint64_t slot, std::size_t limit) override {
    constexpr std::string_view what = "claim jobs";
    auto db_slot = db_int(slot, what, "slot");
    if (!db_slot) return db_slot.failure();
    const auto db_limit = static_cast<std::int64_t>(
        std::min<std::uint64_t>(limit, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())));
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    Transaction tx(**s, dialect_, what);
    if (!tx.status()) return tx.status().failure();
    const std::string sql = with_job_columns(
        "UPDATE jobs SET state = $1, slot = $2 WHERE seq IN (SELECT seq FROM jobs WHERE state = $3 AND slot <= $2 "
        "ORDER BY seq LIMIT $4" + std::string(dialect_.lock_claimed_rows) + ") RETURNING ");
    auto r = (*s)->run(sql, {db(JobState::kAggregating), *db_slot, db(JobState::kVerified), db_limit});
    if (!r) return failure(what, r.error());
    if (auto c = tx.commit(); !c) return c.failure();
    // RETURNING's order is unspecified in both databases.
    std::vector<std::pair<std::int64_t, JobRecord>> claimed;
    for (std::size_t i = 0; i < r->rows(); ++i) claimed.push_back(read_job(*r, i));
    std::sort(claimed.begin(), claimed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<JobRecord> out;
    for (auto& [seq, job] : claimed) out.push_back(std::move(job));
    return out;
  }

  Status record_aggregate(const SlotAggregateRecord& aggregate, std::span<const JobInclusion> included,
                          std::span<const ProvingTask> tasks) override {
    constexpr std::string_view what = "record aggregate";
    auto db_slot = db_int(aggregate.slot, what, "slot");
    if (!db_slot) return db_slot.failure();
    if (auto c = check_lines(aggregate.job_ids, what, "job id"); !c) return c;
    auto pending_children = check_task_tree(aggregate, tasks, what);
    if (!pending_children) return pending_children.failure();
    std::vector<std::int64_t> leaf_indices;
    for (const JobInclusion& inc : included) {
      auto leaf = db_int(inc.inclusion.leaf_index, what, "leaf index");
      if (!leaf) return leaf.failure();
      leaf_indices.push_back(*leaf);
    }
    const std::string slot_text = std::to_string(aggregate.slot);
    const std::string vk_hash_hex = hex_encode(aggregate.wrapper_vk_hash);
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    Transaction tx(**s, dialect_, what);
    if (!tx.status()) return tx.status().failure();

    auto row = (*s)->run(
        "UPDATE slots SET recorded = TRUE, state = $2, aggregate_id = $3, root = $4, job_ids = $5, "
        "aggregate_proof = $6, aggregate_public_inputs = $7, note = $8, closed_at_ms = $9, wrapper_vk_hash = $10, "
        "proven_at_ms = $11 WHERE slot = $1 AND NOT recorded",
        {*db_slot, db(aggregate.state), aggregate.aggregate_id, aggregate.root, join_lines(aggregate.job_ids),
         aggregate.aggregate_proof, aggregate.aggregate_public_inputs, aggregate.note, aggregate.closed_at_ms,
         std::string_view(vk_hash_hex), aggregate.proven_at_ms});
    if (!row) return failure(what, row.error());
    if (row->affected == 0) {
      auto claim = (*s)->run("SELECT recorded FROM slots WHERE slot = $1", {*db_slot});
      if (!claim) return failure(what, claim.error());
      return failure(what, "slot " + slot_text + (claim->rows() == 0 ? " was not claimed" : " is already recorded"));
    }

    for (std::size_t i = 0; i < included.size(); ++i) {
      const JobInclusion& inc = included[i];
      auto r = (*s)->run(
          "UPDATE jobs SET state = $1, aggregate_id = $2, leaf_index = $3, siblings = $4, root = $5 "
          "WHERE id = $6 AND state = $7 AND slot = $8",
          {db(JobState::kIncluded), inc.inclusion.aggregate_id, leaf_indices[i], inc.inclusion.siblings,
           inc.inclusion.root, inc.job_id, db(JobState::kAggregating), *db_slot});
      if (!r) return failure(what, r.error());
      if (r->affected == 0) return failure(what, not_aggregating(**s, inc.job_id, slot_text));
    }
    // Claimed jobs the aggregate left out go back to the queue rather than staying
    // kAggregating forever (recover_unfinished only looks at unrecorded slots).
    auto rest = (*s)->run("UPDATE jobs SET state = $1 WHERE state = $2 AND slot = $3",
                          {db(JobState::kVerified), db(JobState::kAggregating), *db_slot});
    if (!rest) return failure(what, rest.error());
    if (Status t = adopt_task_tree(**s, *db_slot, tasks, *pending_children, what); !t) return t;
    return tx.commit();
  }

  Status add_early_leaf(const ProvingTask& leaf) override {
    constexpr std::string_view what = "add early leaf";
    auto db_slot = db_int(leaf.slot, what, "slot");
    if (!db_slot) return db_slot.failure();
    auto position = db_int(leaf.position, what, "position");
    if (!position) return position.failure();
    if (leaf.level != 0 || leaf.job_ids.empty() ||
        std::set<std::string>(leaf.job_ids.begin(), leaf.job_ids.end()).size() != leaf.job_ids.size()) {
      return make_error("store: add early leaf: task " + leaf.id + " is not a leaf over distinct jobs",
                        ErrorKind::kInvalidArgument);
    }
    if (auto c = check_lines(leaf.job_ids, what, "job id"); !c) return c;
    const std::string slot_text = std::to_string(leaf.slot);
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    Transaction tx(**s, dialect_, what);
    if (!tx.status()) return tx.status().failure();
    // The claim is locked so that a concurrent release or record waits for this leaf.
    auto claim = (*s)->run("SELECT recorded FROM slots WHERE slot = $1" + std::string(dialect_.lock_rows), {*db_slot});
    if (!claim) return failure(what, claim.error());
    if (claim->rows() == 0 || claim->integer(0, 0) != 0) {
      return make_error("store: add early leaf: slot " + slot_text +
                            (claim->rows() == 0 ? " is not claimed" : " is already recorded"),
                        ErrorKind::kFailedPrecondition);
    }
    for (const std::string& id : leaf.job_ids) {
      auto job = (*s)->run("SELECT 1 FROM jobs WHERE id = $1 AND state = $2 AND slot = $3",
                           {std::string_view(id), db(JobState::kAggregating), *db_slot});
      if (!job) return failure(what, job.error());
      if (job->rows() == 0) {
        return make_error("store: add early leaf: " + not_aggregating(**s, id, slot_text), ErrorKind::kFailedPrecondition);
      }
    }
    auto r = (*s)->run(
        "INSERT INTO proving_tasks (id, slot, level, position, parent_id, job_ids, state, pending_children) "
        "VALUES ($1, $2, 0, $3, $4, $5, $6, 0)",
        {leaf.id, *db_slot, *position, leaf.parent_id, join_lines(leaf.job_ids), db(ProvingTaskState::kReady)});
    if (!r) return failure(what, "task " + leaf.id + ": " + r.error());
    return tx.commit();
  }

  Result<std::optional<ClaimedTask>> claim_task(std::string_view worker, std::int64_t now_ms,
                                                std::int64_t lease_until_ms, std::uint32_t max_attempts) override {
    constexpr std::string_view what = "claim task";
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    Transaction tx(**s, dialect_, what);
    if (!tx.status()) return tx.status().failure();
    // Tasks whose every lease ran out: their slots fail rather than kill more workers.
    auto exhausted = (*s)->run(
        "SELECT id, slot, attempts FROM proving_tasks WHERE state = $1 AND lease_owner IS NOT NULL AND "
        "lease_until_ms < $2 AND attempts >= $3",
        {db(ProvingTaskState::kReady), now_ms, std::int64_t{max_attempts}});
    if (!exhausted) return failure(what, exhausted.error());
    for (std::size_t i = 0; i < exhausted->rows(); ++i) {
      const std::string reason = "task " + exhausted->text(i, 0) + ": its worker stopped answering in each of " +
                                 std::to_string(exhausted->integer(i, 2)) + " attempts";
      if (Status f = fail_slot(**s, exhausted->integer(i, 1), reason, what); !f) return f.failure();
    }
    const std::string claim =
        "UPDATE proving_tasks SET lease_owner = $1, lease_until_ms = $2, attempts = attempts + 1 WHERE id = "
        "(SELECT id FROM proving_tasks WHERE state = $3 AND (lease_owner IS NULL OR lease_until_ms < $4) "
        "ORDER BY slot, level DESC, position LIMIT 1" + std::string(dialect_.lock_claimed_rows) +
        ") RETURNING id, slot, level, position, parent_id, job_ids, attempts";
    auto r = (*s)->run(claim, {worker, lease_until_ms, db(ProvingTaskState::kReady), now_ms});
    if (!r) return failure(what, r.error());
    if (r->rows() == 0) {
      if (auto c = tx.commit(); !c) return c.failure();
      return std::optional<ClaimedTask>();
    }
    ClaimedTask claimed;
    claimed.task = {r->text(0, 0), static_cast<std::uint64_t>(r->integer(0, 1)), static_cast<std::uint32_t>(r->integer(0, 2)),
                    static_cast<std::uint64_t>(r->integer(0, 3)), r->text(0, 4), split_lines(r->text(0, 5))};
    claimed.attempt = static_cast<std::uint32_t>(r->integer(0, 6));
    auto children = (*s)->run("SELECT output FROM proving_tasks WHERE parent_id = $1 ORDER BY position",
                              {std::string_view(claimed.task.id)});
    if (!children) return failure(what, children.error());
    for (std::size_t i = 0; i < children->rows(); ++i) claimed.child_outputs.push_back(children->blob(i, 0));
    if (auto c = tx.commit(); !c) return c.failure();
    return std::optional<ClaimedTask>(std::move(claimed));
  }

  Result<bool> renew_task_lease(std::string_view task_id, std::string_view worker, std::int64_t lease_until_ms) override {
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    auto r = (*s)->run("UPDATE proving_tasks SET lease_until_ms = $1 WHERE id = $2 AND lease_owner = $3 AND state = $4",
                       {lease_until_ms, task_id, worker, db(ProvingTaskState::kReady)});
    if (!r) return failure("renew task lease", r.error());
    return r->affected == 1;
  }

  Status complete_task(const TaskCompletion& done) override {
    constexpr std::string_view what = "complete task";
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    Transaction tx(**s, dialect_, what);
    if (!tx.status()) return tx.status().failure();
    auto task = (*s)->run(
        "UPDATE proving_tasks SET state = $1, output = $2, lease_owner = NULL WHERE id = $3 AND lease_owner = $4 AND "
        "state = $5 RETURNING slot, parent_id",
        {db(ProvingTaskState::kDone), std::span<const std::uint8_t>(done.output), std::string_view(done.task_id),
         std::string_view(done.worker), db(ProvingTaskState::kReady)});
    if (!task) return failure(what, task.error());
    if (task->rows() == 0) return not_held(**s, done.task_id, what);
    const std::int64_t slot = task->integer(0, 0);
    const std::string parent = task->text(0, 1);
    if (parent.empty()) {
      auto r = (*s)->run(
          "UPDATE slots SET state = $1, aggregate_proof = $2, proven_at_ms = $3, note = $4 WHERE slot = $5 AND "
          "state = $6",
          {db(AggregateState::kProven), std::span<const std::uint8_t>(done.output), done.finished_at_ms,
           std::string_view(done.slot_note), slot, db(AggregateState::kProving)});
      if (!r) return failure(what, r.error());
      if (r->affected == 0) return failure(what, "slot " + std::to_string(slot) + " is not being proven");
    } else {
      // A row update, so siblings finishing together count down one after the other.
      auto r = (*s)->run(
          "UPDATE proving_tasks SET pending_children = pending_children - 1, "
          "state = CASE WHEN pending_children = 1 THEN $1 ELSE state END WHERE id = $2 AND state = $3",
          {db(ProvingTaskState::kReady), std::string_view(parent), db(ProvingTaskState::kWaiting)});
      if (!r) return failure(what, r.error());
    }
    return tx.commit();
  }

  Status fail_task(std::string_view task_id, std::string_view worker, std::string_view reason) override {
    constexpr std::string_view what = "fail task";
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    Transaction tx(**s, dialect_, what);
    if (!tx.status()) return tx.status().failure();
    auto task = (*s)->run(
        "UPDATE proving_tasks SET state = $1, error = $2, lease_owner = NULL WHERE id = $3 AND lease_owner = $4 AND "
        "state = $5 RETURNING slot",
        {db(ProvingTaskState::kFailed), reason, task_id, worker, db(ProvingTaskState::kReady)});
    if (!task) return failure(what, task.error());
    if (task->rows() == 0) return not_held(**s, std::string(task_id), what);
    if (Status f = fail_slot(**s, task->integer(0, 0), "task " + std::string(task_id) + ": " + std::string(reason), what);
        !f) {
      return f;
    }
    return tx.commit();
  }

  Result<std::map<ProvingTaskState, std::uint64_t>> count_tasks_by_state() override {
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    auto r = (*s)->run("SELECT state, COUNT(*) FROM proving_tasks GROUP BY state");
    if (!r) return failure("count tasks", r.error());
    std::map<ProvingTaskState, std::uint64_t> counts;
    for (auto state : {ProvingTaskState::kWaiting, ProvingTaskState::kReady, ProvingTaskState::kDone,
                       ProvingTaskState::kFailed}) {
      counts[state] = 0;
    }
    for (std::size_t i = 0; i < r->rows(); ++i) {
      counts[static_cast<ProvingTaskState>(r->integer(i, 0))] = static_cast<std::uint64_t>(r->integer(i, 1));
    }
    return counts;
  }

  Result<std::optional<SlotAggregateRecord>> get_aggregate(std::uint64_t slot) override {
    constexpr std::string_view what = "get aggregate";
    auto db_slot = db_int(slot, what, "slot");
    if (!db_slot) return db_slot.failure();
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    auto r = (*s)->run("SELECT " + std::string(kAggregateColumns) + " FROM slots WHERE slot = $1 AND recorded",
                       {*db_slot});
    if (!r) return failure(what, r.error());
    if (r->rows() == 0) return std::optional<SlotAggregateRecord>();
    SlotAggregateRecord a;
    a.slot = static_cast<std::uint64_t>(r->integer(0, 0));
    a.state = static_cast<AggregateState>(r->integer(0, 1));
    a.aggregate_id = r->text(0, 2);
    a.root = r->blob(0, 3);
    a.job_ids = split_lines(r->text(0, 4));
    a.aggregate_proof = r->blob(0, 5);
    a.aggregate_public_inputs = r->blob(0, 6);
    a.note = r->text(0, 7);
    a.closed_at_ms = r->integer(0, 8);
    if (auto vk_hash = hex_decode(r->text(0, 9)); vk_hash) a.wrapper_vk_hash = std::move(*vk_hash);
    a.proven_at_ms = r->integer(0, 10);
    return std::optional<SlotAggregateRecord>(std::move(a));
  }

  Result<std::optional<std::uint64_t>> last_aggregated_slot() override {
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    auto r = (*s)->run("SELECT MAX(slot) FROM slots WHERE recorded");
    if (!r) return failure("last aggregated slot", r.error());
    if (r->rows() == 0 || r->is_null(0, 0)) return std::optional<std::uint64_t>();
    return std::optional<std::uint64_t>(static_cast<std::uint64_t>(r->integer(0, 0)));
  }

  Result<std::uint64_t> recover_unfinished(std::string_view owner) override {
    return release_claims("recover unfinished", "owner = ", owner);
  }


 private:
  // Drops the unrecorded claims whose column `test` ("owner = ", "claimed_at_ms < ")
  // holds against `value`, and requeues their jobs; the number of jobs requeued.
  Result<std::uint64_t> release_claims(std::string_view what, std::string_view test, const Param& value) {
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    Transaction tx(**s, dialect_, what);
    if (!tx.status()) return tx.status().failure();
    const std::string condition = " NOT recorded AND " + std::string(test);
    const Param job_params[] = {db(JobState::kVerified), db(JobState::kAggregating), value};
    auto jobs = (*s)->execute("UPDATE jobs SET state = $1 WHERE state = $2 AND slot IN "
                              "(SELECT slot FROM slots WHERE" + condition + "$3)",
                              job_params);
    if (!jobs) return failure(what, jobs.error());
    const Param claim_params[] = {value};
    // Early leaves of a released slot are withdrawn (a worker proving one is refused).
    auto early = (*s)->execute("DELETE FROM proving_tasks WHERE slot IN (SELECT slot FROM slots WHERE" + condition +
                               "$1)", claim_params);
    if (!early) return failure(what, early.error());
    auto claims = (*s)->execute("DELETE FROM slots WHERE" + condition + "$1", claim_params);
    if (!claims) return failure(what, claims.error());
    if (auto c = tx.commit(); !c) return c.failure();
    return static_cast<std::uint64_t>(jobs->affected);
  }

  Result<std::vector<VerifyingKeyRecord>> select_keys(std::string_view what, std::string_view tail,
                                                      std::initializer_list<Param> params) {
    auto s = sessions_->acquire();
    if (!s) return s.failure();
    auto r = (*s)->execute(
        "SELECT vk_hash, snarkjs_json, public_inputs, owner, submitters FROM verifying_keys" + std::string(tail),
        std::span<const Param>(params.begin(), params.size()));
    if (!r) return failure(what, r.error());
    std::vector<VerifyingKeyRecord> keys;
    for (std::size_t i = 0; i < r->rows(); ++i) {
      keys.push_back({r->blob(i, 0), r->text(i, 1), static_cast<std::uint32_t>(r->integer(i, 2)), r->text(i, 3),
                      split_lines(r->text(i, 4))});
    }
    return keys;
  }

  // `replace`: overwrite a recorded clock; otherwise only a missing one is written.
  static Status write_slot_clock(Session& s, const SlotClockSetting& clock, bool replace, std::string_view what) {
    const std::string sql = std::string("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) ") +
                            (replace ? "DO UPDATE SET value = $2" : "DO NOTHING");
    for (const auto& [name, value] : {std::pair{kGenesisSetting, clock.genesis_unix_ms},
                                      std::pair{kSlotLengthSetting, clock.slot_ms}}) {
      if (auto r = s.run(sql, {name, value}); !r) return failure(what, r.error());
    }
    return {};
  }

  static Result<SlotClockSetting> read_slot_clock(Session& s, std::string_view what) {
    auto r = s.run("SELECT name, value FROM settings WHERE name IN ($1, $2)", {kGenesisSetting, kSlotLengthSetting});
    if (!r) return failure(what, r.error());
    SlotClockSetting clock;
    for (std::size_t i = 0; i < r->rows(); ++i) {
      (r->text(i, 0) == kGenesisSetting ? clock.genesis_unix_ms : clock.slot_ms) = r->integer(i, 1);
    }
    return clock;
  }

  // For each task, how many of the others name it their parent; refuses a tree with
  // an unknown parent, other than one root, another slot's task, or tasks for a
  // result that is not being proven.
  static Result<std::vector<std::int64_t>> check_task_tree(const SlotAggregateRecord& aggregate,
                                                           std::span<const ProvingTask> tasks, std::string_view what) {
    const bool proving = aggregate.state == AggregateState::kProving;
    if (proving != !tasks.empty() || (proving && aggregate.wrapper_vk_hash.size() != 32)) {
      return failure(what, "a slot result being proven (and only one) comes with its tasks and wrapper key hash");
    }
    std::map<std::string_view, std::size_t> index;
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      if (tasks[i].slot != aggregate.slot) return failure(what, "task " + tasks[i].id + " is of another slot");
      if (auto c = check_lines(tasks[i].job_ids, what, "job id"); !c) return c.failure();
      if (!index.emplace(tasks[i].id, i).second) return failure(what, "task " + tasks[i].id + " is listed twice");
    }
    std::vector<std::int64_t> children(tasks.size(), 0);
    std::size_t roots = 0;
    for (const ProvingTask& t : tasks) {
      if (t.parent_id.empty()) {
        ++roots;
        continue;
      }
      const auto parent = index.find(t.parent_id);
      if (parent == index.end()) return failure(what, "task " + t.id + " names an unknown parent " + t.parent_id);
      ++children[parent->second];
    }
    if (proving && roots != 1) return failure(what, "a proving task tree has one root, not " + std::to_string(roots));
    return children;
  }

  // Stores a recorded slot's task tree (check_task_tree's counts of children). Its
  // early leaves, already stored, must be in it unchanged; they keep their state,
  // a done one counts as a done child of its parent (a worker finishing one now
  // waits on its locked row and then counts its parent down), and a failed one
  // fails the slot's proof.
  Status adopt_task_tree(Session& s, std::int64_t slot, std::span<const ProvingTask> tasks,
                         std::vector<std::int64_t> pending, std::string_view what) {
    auto early = s.run("SELECT id, level, position, parent_id, job_ids, state, error FROM proving_tasks WHERE slot = $1" +
                           std::string(dialect_.lock_rows),
                       {slot});
    if (!early) return failure(what, early.error());
    std::map<std::string_view, std::size_t> index;
    for (std::size_t i = 0; i < tasks.size(); ++i) index.emplace(tasks[i].id, i);
    std::set<std::string> stored;
    std::string failed;
    for (std::size_t row = 0; row < early->rows(); ++row) {
      const std::string id = early->text(row, 0);
      const auto listed = index.find(id);
      const ProvingTask* t = listed == index.end() ? nullptr : &tasks[listed->second];
      if (t == nullptr || std::int64_t{t->level} != early->integer(row, 1) ||
          static_cast<std::int64_t>(t->position) != early->integer(row, 2) || t->parent_id != early->text(row, 3) ||
          t->job_ids != split_lines(early->text(row, 4))) {
        return make_error("store: " + std::string(what) + ": early leaf " + id +
                              " is not in the slot's task tree as it was handed out",
                          ErrorKind::kInternal);
      }
      stored.insert(id);
      const auto state = static_cast<ProvingTaskState>(early->integer(row, 5));
      if (state == ProvingTaskState::kDone && !t->parent_id.empty()) --pending[index.at(t->parent_id)];
      if (state == ProvingTaskState::kFailed && failed.empty()) failed = "task " + id + ": " + early->text(row, 6);
    }
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      const ProvingTask& t = tasks[i];
      if (stored.contains(t.id)) continue;
      auto r = s.run(
          "INSERT INTO proving_tasks (id, slot, level, position, parent_id, job_ids, state, pending_children) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {t.id, slot, std::int64_t{t.level}, static_cast<std::int64_t>(t.position), t.parent_id,
           join_lines(t.job_ids), db(pending[i] == 0 ? ProvingTaskState::kReady : ProvingTaskState::kWaiting),
           pending[i]});
      if (!r) return failure(what, "task " + t.id + ": " + r.error());
    }
    return failed.empty() ? Status{} : fail_slot(s, slot, failed, what);
  }

  // Fails the slot's unfinished tasks and sends a result still being proven back to
  // kVerifiedOnly, saying why.
  static Status fail_slot(Session& s, std::int64_t slot, const std::string& reason, std::string_view what) {
    auto tasks = s.run("UPDATE proving_tasks SET state = $1, lease_owner = NULL, error = $2 WHERE slot = $3 AND state IN ($4, $5)",
                       {db(ProvingTaskState::kFailed), std::string_view(reason), slot, db(ProvingTaskState::kWaiting),
                        db(ProvingTaskState::kReady)});
    if (!tasks) return failure(what, tasks.error());
    const std::string note = "every proof was verified natively and is committed to in root; the aggregate proof "
                             "failed (" + reason + ")";
    auto result = s.run("UPDATE slots SET state = $1, note = $2 WHERE slot = $3 AND state = $4",
                        {db(AggregateState::kVerifiedOnly), std::string_view(note), slot, db(AggregateState::kProving)});
    if (!result) return failure(what, result.error());
    return {};
  }

  // Why a worker's complete or fail is refused.
  static Status not_held(Session& s, const std::string& id, std::string_view what) {
    auto r = s.run("SELECT state, lease_owner FROM proving_tasks WHERE id = $1", {std::string_view(id)});
    if (!r) return failure(what, r.error());
    if (r->rows() == 0) return make_error("store: " + std::string(what) + ": no task " + id, ErrorKind::kNotFound);
    const auto state = static_cast<ProvingTaskState>(r->integer(0, 0));
    return make_error("store: " + std::string(what) + ": task " + id + " is no longer this worker's (" +
                          (state == ProvingTaskState::kReady ? "leased to " + r->text(0, 1)
                           : state == ProvingTaskState::kDone ? std::string("done")
                                                              : std::string("failed")) +
                          ")",
                      ErrorKind::kFailedPrecondition);
  }

  // Why record_aggregate refuses a job, for the error message.
  static std::string not_aggregating(Session& s, const std::string& id, const std::string& slot) {
    std::string message = "job " + id + " is not aggregating for slot " + slot;
    auto r = s.run("SELECT state, slot FROM jobs WHERE id = $1", {id});
    if (!r) return message;
    if (r->rows() == 0) return message + " (no such job)";
    return message + " (it is " + name(static_cast<JobState>(r->integer(0, 0))) + ", slot " +
           std::to_string(r->integer(0, 1)) + ")";
  }

  std::unique_ptr<SessionSource> sessions_;
  Dialect dialect_;
};

}  // namespace

Result<std::unique_ptr<JobStore>> make_store(std::unique_ptr<SessionSource> sessions, Dialect dialect) {
  {
    auto session = sessions->acquire();
    if (!session) return session.failure();
    if (Status s = upgrade_schema(**session, dialect); !s) return s.failure();
  }
  return std::unique_ptr<JobStore>(std::make_unique<SqlStore>(std::move(sessions), dialect));
}

}  // namespace proofagg::store::sql
