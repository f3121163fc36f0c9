-- What the state systems answered and what the platform billed: the evidence of every answer
-- (kept in the case file, hashed and signed by the platform), the invoice of each case, the
-- retries of a job (a registry call that failed is tried again later, never dropped), and the
-- systems a case waits on (' individuals legal_statistics! ': '!' marks an escalated one).
ALTER TABLE jobs ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN waiting TEXT NOT NULL DEFAULT ' ';

CREATE TABLE evidence (
    id          BIGSERIAL PRIMARY KEY,
    case_id     TEXT        NOT NULL REFERENCES cases (id),
    job_id      BIGINT UNIQUE, -- the job that asked: one answer kept per job
    system      TEXT        NOT NULL,
    query       TEXT        NOT NULL,
    request_id  TEXT        NOT NULL,
    attempts    BIGINT      NOT NULL,
    asked_at    TIMESTAMPTZ NOT NULL,
    answered_at TIMESTAMPTZ NOT NULL,
    outcome     TEXT        NOT NULL, -- 'answered' or the stable code of an answered refusal ('gateway.not_found')
    body        TEXT        NOT NULL, -- the answer's exact bytes (UTF-8 JSON)
    sha256      TEXT        NOT NULL, -- of body, hex
    signature   TEXT        NOT NULL  -- the platform's detached CMS signature of the record, base64
);
CREATE INDEX evidence_case ON evidence (case_id, id);

CREATE TABLE invoices (
    case_id     TEXT        PRIMARY KEY, -- the application billed (billed before it is filed)
    reference   TEXT        NOT NULL UNIQUE,
    payer       TEXT        NOT NULL,
    amount_tiyn BIGINT      NOT NULL,
    purpose     TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX invoices_created ON invoices (created_at);
