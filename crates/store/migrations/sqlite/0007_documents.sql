-- Issued documents, their numbering and the public registry.
--
-- Numbers are gap-free per (provider BIN, year, series): `document_numbers.last` is moved from
-- seq - 1 to seq (compare-and-set) in the transaction that inserts the document, so the counter
-- moves only with an insert and two issuers never get the same seq.
CREATE TABLE document_numbers (
    provider TEXT    NOT NULL, -- the provider's BIN
    year     INTEGER NOT NULL,
    series   TEXT    NOT NULL, -- 'L' licences, 'R' refusals, 'D' others
    last     INTEGER NOT NULL, -- the seq of the last document issued, 0 before the first
    PRIMARY KEY (provider, year, series)
);

-- The exact signed PDF of each issued document and the official's detached CMS signature of it.
CREATE TABLE documents (
    number    TEXT        PRIMARY KEY, -- '{series}-{yyyy}-{bin}-{seq:06}'
    provider  TEXT        NOT NULL,
    year      INTEGER     NOT NULL,
    series    TEXT        NOT NULL,
    seq       INTEGER     NOT NULL,
    case_id   TEXT        NOT NULL,
    step      TEXT        NOT NULL,
    document  TEXT        NOT NULL, -- the act's document id
    act       TEXT        NOT NULL,
    sheets    TEXT        NOT NULL, -- what the PDF shows: its renditions as JSON (kk, then ru)
    pdf       BLOB        NOT NULL,
    sha256    TEXT        NOT NULL, -- hex of pdf
    signature BLOB        NOT NULL, -- detached CMS over pdf, DER
    signer    TEXT        NOT NULL, -- the official's IIN
    issued_at TEXT        NOT NULL,
    UNIQUE (provider, year, series, seq)
);
CREATE INDEX documents_case ON documents (case_id, issued_at);
CREATE INDEX documents_sha256 ON documents (sha256);

-- The public registry: one row per registered document (a licence, its re-registrations and
-- duplicates). A holder's IIN is searchable only where it may be published (iin_public).
CREATE TABLE registry (
    number      TEXT    PRIMARY KEY,
    licence     TEXT    NOT NULL, -- the licence it belongs to (= number on first issue)
    kind        TEXT    NOT NULL CHECK (kind IN ('issued', 'reregistered', 'duplicate')),
    status      TEXT    NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
    act         TEXT    NOT NULL,
    service     TEXT    NOT NULL,
    document    TEXT    NOT NULL,
    holder_name TEXT    NOT NULL,
    holder_bin  TEXT,
    holder_iin  TEXT,
    iin_public  INTEGER NOT NULL,
    activity_kk TEXT    NOT NULL,
    activity_ru TEXT    NOT NULL,
    provider_kk TEXT    NOT NULL,
    provider_ru TEXT    NOT NULL,
    issued_on   TEXT    NOT NULL,
    valid_until TEXT,
    sha256      TEXT    NOT NULL
);
CREATE INDEX registry_holder_bin ON registry (holder_bin, issued_on DESC, number);
CREATE INDEX registry_holder_iin ON registry (holder_iin, issued_on DESC, number) WHERE iin_public;
CREATE INDEX registry_licence ON registry (licence);

-- Every change of a registry row's status (suspension, termination, reinstatement).
CREATE TABLE registry_changes (
    id     INTEGER     PRIMARY KEY AUTOINCREMENT,
    number TEXT        NOT NULL REFERENCES registry (number),
    status TEXT        NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
    at     TEXT        NOT NULL,
    reason TEXT        NOT NULL
);
CREATE INDEX registry_changes_number ON registry_changes (number, id);

-- The signed decision texts of migration 0006 give way to the signed documents above.
DROP TABLE results;
