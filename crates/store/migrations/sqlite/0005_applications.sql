-- Applications as the portal keeps them: the form the applicant filled in (the act's documents
-- and their fields), its attachments, and whether it was filed (the case has the same id). The
-- form's one-time token makes a form posted twice one application.
CREATE TABLE applications (
    id         TEXT        PRIMARY KEY,
    iin        TEXT        NOT NULL,
    service    TEXT        NOT NULL,
    variant    TEXT        NOT NULL,
    form       TEXT        NOT NULL, -- JSON: {"field id": "value"}
    form_token TEXT        NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    filed_at   TEXT
);
CREATE INDEX applications_iin ON applications (iin, created_at);

CREATE TABLE attachments (
    application_id TEXT   NOT NULL REFERENCES applications (id),
    document       TEXT   NOT NULL, -- the act's document id
    file_name      TEXT   NOT NULL,
    content_type   TEXT   NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT   NOT NULL,
    bytes          BLOB  NOT NULL,
    PRIMARY KEY (application_id, document)
);

-- Integrators' API tokens (only the SHA-256 of a token is kept).
CREATE TABLE api_tokens (
    token_hash TEXT        PRIMARY KEY,
    name       TEXT        NOT NULL,
    created_at TEXT NOT NULL
);
