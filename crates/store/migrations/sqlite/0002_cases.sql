-- Cases: a row per application with its optimistic-concurrency version and the head of its
-- hash chain; the append-only event history; idempotency keys of outside commands; and the job
-- queue (timers and actions to carry out after commit).
CREATE TABLE cases (
    id         TEXT    PRIMARY KEY,
    act        TEXT    NOT NULL,
    service    TEXT    NOT NULL,
    variant    TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    roles      TEXT    NOT NULL, -- ' role1 role2 ' : the roles of the active steps (inbox by role)
    version    INTEGER NOT NULL,
    head       TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE INDEX cases_act ON cases (act, status);

CREATE TABLE case_events (
    case_id TEXT    NOT NULL REFERENCES cases (id),
    seq     INTEGER NOT NULL,
    at      TEXT    NOT NULL,
    event   TEXT    NOT NULL, -- the event's JSON exactly as hashed
    prev    TEXT    NOT NULL,
    hash    TEXT    NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE idempotency_keys (
    key     TEXT    PRIMARY KEY,
    case_id TEXT    NOT NULL,
    version INTEGER NOT NULL
);

CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id       TEXT    NOT NULL REFERENCES cases (id),
    kind          TEXT    NOT NULL, -- 'timer' or 'action'
    payload       TEXT    NOT NULL,
    due_at        TEXT    NOT NULL,
    claimed_by    TEXT,
    claimed_until TEXT,
    done_at       TEXT,
    UNIQUE (case_id, kind, payload, due_at)
);
CREATE INDEX jobs_due ON jobs (done_at, due_at);
