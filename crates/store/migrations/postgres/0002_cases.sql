-- Cases: a row per application with its optimistic-concurrency version and the head of its
-- hash chain; the append-only event history; idempotency keys of outside commands; and the job
-- queue (timers and actions to carry out after commit), claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE cases (
    id         TEXT        PRIMARY KEY,
    act        TEXT        NOT NULL,
    service    TEXT        NOT NULL,
    variant    TEXT        NOT NULL,
    status     TEXT        NOT NULL,
    roles      TEXT        NOT NULL, -- ' role1 role2 ' : the roles of the active steps (inbox by role)
    version    BIGINT      NOT NULL,
    head       TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX cases_act ON cases (act, status);

CREATE TABLE case_events (
    case_id TEXT        NOT NULL REFERENCES cases (id),
    seq     BIGINT      NOT NULL,
    at      TIMESTAMPTZ NOT NULL,
    event   TEXT        NOT NULL, -- the event's JSON exactly as hashed (not JSONB: key order matters)
    prev    TEXT        NOT NULL,
    hash    TEXT        NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE idempotency_keys (
    key     TEXT   PRIMARY KEY,
    case_id TEXT   NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE jobs (
    id            BIGSERIAL   PRIMARY KEY,
    case_id       TEXT        NOT NULL REFERENCES cases (id),
    kind          TEXT        NOT NULL, -- 'timer' or 'action'
    payload       TEXT        NOT NULL,
    due_at        TIMESTAMPTZ NOT NULL,
    claimed_by    TEXT,
    claimed_until TIMESTAMPTZ,
    done_at       TIMESTAMPTZ,
    UNIQUE (case_id, kind, payload, due_at)
);
CREATE INDEX jobs_due ON jobs (done_at, due_at);
