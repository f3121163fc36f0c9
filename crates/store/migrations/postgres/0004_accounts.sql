-- Who may sign in: applicants (by IIN and password, or by NCA key), the providers' staff (by
-- NCA key, with their roles), the sessions they hold (only the SHA-256 of the token is kept),
-- the single-use challenges of a key sign-in, and failed sign-ins (for the rate limit).
CREATE TABLE accounts (
    iin           TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    password_hash TEXT, -- pbkdf2-sha256$ITER$SALT$HASH; none for an account made by a key sign-in
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE staff (
    iin          TEXT NOT NULL,
    provider_bin TEXT NOT NULL,
    role         TEXT NOT NULL, -- a role id of the provider's acts
    name         TEXT NOT NULL,
    PRIMARY KEY (iin, role)
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY, -- SHA-256 of the cookie's token, hex
    kind         TEXT NOT NULL CHECK (kind IN ('applicant', 'official')),
    iin          TEXT NOT NULL,
    name         TEXT NOT NULL,
    provider_bin TEXT,
    roles        TEXT NOT NULL, -- ' a b '
    csrf         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE challenges (
    nonce      TEXT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX challenges_expiry ON challenges (expires_at);

CREATE TABLE sign_in_failures (
    subject TEXT NOT NULL, -- 'iin:…' or 'addr:…'
    at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_failures_subject ON sign_in_failures (subject, at);
