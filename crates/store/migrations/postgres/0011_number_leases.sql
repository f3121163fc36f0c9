-- Numbers reserved while an official has a document's draft open: each (case, step) holds at
-- most one place of its provider's, year's and series' numbering until it expires, so that
-- officials signing at once sign different numbers and issue them in order instead of signing
-- the same number and all but one signing again.
CREATE TABLE number_leases (
    provider   TEXT    NOT NULL,
    year       INTEGER NOT NULL,
    series     TEXT    NOT NULL,
    seq        BIGINT  NOT NULL,
    case_id    TEXT    NOT NULL,
    step       TEXT    NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, year, series, seq)
);
CREATE UNIQUE INDEX number_leases_holder ON number_leases (case_id, step);
