//! The SQL both backends run, written once: PostgreSQL and SQLite (through sqlx) both take
//! numbered `$N` parameters. Only what differs stays in a backend (job claims lock rows with
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has one writer).

/// The case row of one case.
pub(crate) const CASE_BY_ID: &str = "SELECT id, act, service, variant, status, roles, version, head, updated_at, waiting, COALESCE(filed_at, updated_at), provider FROM cases WHERE id = $1";

/// The events of one case, in order.
pub(crate) const EVENTS_OF: &str = "SELECT seq, at, event, prev, hash FROM case_events WHERE case_id = $1 ORDER BY seq";

/// Case rows by act, inbox role (a `LIKE` pattern), open only, service, waiting on a state
/// system, filed since and provider; each filter `NULL` (or `false`) to leave it out.
pub(crate) const CASES_FILTERED: &str = "SELECT id, act, service, variant, status, roles, version, head, updated_at, waiting, COALESCE(filed_at, updated_at), provider FROM cases WHERE ($1 IS NULL OR act = $1) AND ($2 IS NULL OR roles LIKE $2) AND (NOT $3 OR status = 'open') AND ($4 IS NULL OR service = $4) AND (NOT $5 OR waiting <> ' ') AND ($6 IS NULL OR filed_at >= $6) AND ($7 IS NULL OR provider = $7) ORDER BY updated_at, id";

/// A job marked done by the worker holding it (no row when another holds it now).
pub(crate) const FINISH_JOB: &str = "UPDATE jobs SET done_at = $1 WHERE id = $2 AND claimed_by = $3";

/// A claimed job's lease renewed by the worker holding it (no row when another holds it now).
pub(crate) const RENEW_JOB: &str =
    "UPDATE jobs SET claimed_until = $1 WHERE id = $2 AND claimed_by = $3 AND done_at IS NULL";

/// An idempotency key claimed for a case version (nothing when it is taken).
pub(crate) const CLAIM_KEY: &str =
    "INSERT INTO idempotency_keys (key, case_id, version) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING";

/// Which case version an idempotency key was claimed for.
pub(crate) const KEY_OWNER: &str = "SELECT case_id, version FROM idempotency_keys WHERE key = $1";

/// A new case row (nothing when the id is taken).
pub(crate) const INSERT_CASE: &str = "INSERT INTO cases (id, act, service, variant, status, roles, version, head, updated_at, waiting, filed_at, provider) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING";

/// A case row moved to its next version, only from the version read (optimistic concurrency).
pub(crate) const UPDATE_CASE: &str = "UPDATE cases SET status = $1, roles = $2, version = $3, head = $4, updated_at = $5, act = $8, waiting = $9 WHERE id = $6 AND version = $7";

/// The head of a multi-row insert of events.
pub(crate) const INSERT_EVENTS: &str = "INSERT INTO case_events (case_id, seq, at, event, prev, hash) ";

/// The head of a multi-row insert of jobs.
pub(crate) const INSERT_JOBS: &str = "INSERT INTO jobs (case_id, kind, payload, due_at) ";

/// A claimed job released to be tried again at `$1`, one more attempt counted, by the worker
/// holding it (no row when another holds it now).
pub(crate) const RETRY_JOB: &str = "UPDATE jobs SET due_at = $1, claimed_by = NULL, claimed_until = NULL, attempts = attempts + 1 WHERE id = $2 AND claimed_by = $3";

/// Evidence of an answer (nothing when its job already kept one).
pub(crate) const INSERT_EVIDENCE: &str = "INSERT INTO evidence (case_id, job_id, system, query, request_id, attempts, asked_at, answered_at, outcome, body, sha256, signature) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (job_id) DO NOTHING RETURNING id";

/// The evidence kept by a job.
pub(crate) const EVIDENCE_OF_JOB: &str = "SELECT id FROM evidence WHERE job_id = $1";

/// The columns of an evidence row, in [`crate::EvidenceTuple`] order.
pub(crate) const EVIDENCE_OF_CASE: &str = "SELECT id, case_id, job_id, system, query, request_id, attempts, asked_at, answered_at, outcome, body, sha256, signature FROM evidence WHERE case_id = $1 ORDER BY id";

/// A case's invoice (nothing when the case has one).
pub(crate) const INSERT_INVOICE: &str = "INSERT INTO invoices (case_id, reference, payer, amount_tiyn, purpose, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_id) DO NOTHING";

/// One case's invoice.
pub(crate) const INVOICE_OF_CASE: &str =
    "SELECT case_id, reference, payer, amount_tiyn, purpose, created_at FROM invoices WHERE case_id = $1";

/// Invoices created in `[$1, $2)`.
pub(crate) const INVOICES_BETWEEN: &str = "SELECT case_id, reference, payer, amount_tiyn, purpose, created_at FROM invoices WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, case_id";

/// An applicant's account, its name and password hash replaced when it exists.
pub(crate) const PUT_ACCOUNT: &str = "INSERT INTO accounts (iin, name, password_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (iin) DO UPDATE SET name = excluded.name, password_hash = excluded.password_hash";

/// An applicant's account, left as it is when it exists.
pub(crate) const ENSURE_ACCOUNT: &str =
    "INSERT INTO accounts (iin, name, password_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (iin) DO NOTHING";

/// One applicant's account.
pub(crate) const ACCOUNT: &str = "SELECT iin, name, password_hash, created_at FROM accounts WHERE iin = $1";

/// A staff member in a role, the provider and name replaced when the row exists.
pub(crate) const PUT_STAFF: &str = "INSERT INTO staff (iin, provider_bin, role, name) VALUES ($1, $2, $3, $4) ON CONFLICT (iin, role) DO UPDATE SET provider_bin = excluded.provider_bin, name = excluded.name";

/// A person's role at a provider taken off its staff list.
pub(crate) const REMOVE_STAFF: &str = "DELETE FROM staff WHERE iin = $1 AND provider_bin = $2 AND role = $3";

/// Every staff row, by provider, person and role.
pub(crate) const ALL_STAFF: &str = "SELECT iin, provider_bin, role, name FROM staff ORDER BY provider_bin, iin, role";

/// Every role of one person on the staff lists.
pub(crate) const STAFF_OF: &str =
    "SELECT iin, provider_bin, role, name FROM staff WHERE iin = $1 ORDER BY provider_bin, role";

/// A new session.
pub(crate) const INSERT_SESSION: &str = "INSERT INTO sessions (token_hash, kind, iin, name, provider_bin, roles, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// A session that has not expired at `$2`.
pub(crate) const SESSION: &str = "SELECT token_hash, kind, iin, name, provider_bin, roles, csrf, created_at, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2";

/// A session ended.
pub(crate) const DELETE_SESSION: &str = "DELETE FROM sessions WHERE token_hash = $1";

/// A new challenge.
pub(crate) const INSERT_CHALLENGE: &str = "INSERT INTO challenges (nonce, created_at, expires_at) VALUES ($1, $2, $3)";

/// A challenge used at `$1`, only when unused and unexpired (one row changed) — single use.
pub(crate) const USE_CHALLENGE: &str =
    "UPDATE challenges SET used_at = $1 WHERE nonce = $2 AND used_at IS NULL AND expires_at > $1";

/// A failed sign-in.
pub(crate) const INSERT_FAILURE: &str = "INSERT INTO sign_in_failures (subject, at) VALUES ($1, $2)";

/// Failed sign-ins of a subject since `$2`.
pub(crate) const COUNT_FAILURES: &str = "SELECT COUNT(*) FROM sign_in_failures WHERE subject = $1 AND at >= $2";

/// Sessions expired at `$1`.
pub(crate) const PURGE_SESSIONS: &str = "DELETE FROM sessions WHERE expires_at <= $1";

/// Challenges expired at `$1`.
pub(crate) const PURGE_CHALLENGES: &str = "DELETE FROM challenges WHERE expires_at <= $1";

/// Failed sign-ins before `$1`.
pub(crate) const PURGE_FAILURES: &str = "DELETE FROM sign_in_failures WHERE at < $1";
