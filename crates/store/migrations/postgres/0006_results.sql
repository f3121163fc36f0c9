-- The signed results of cases: the decision text an official signed to complete a step that issues
-- a document (a licence, a reasoned refusal), with the official's detached CMS signature of it.
CREATE TABLE results (
    case_id   TEXT        NOT NULL,
    step      TEXT        NOT NULL,
    documents TEXT        NOT NULL, -- the act's document ids, ' a b '
    text      TEXT        NOT NULL,
    signature BYTEA       NOT NULL,
    signer    TEXT        NOT NULL, -- the official's IIN
    signed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (case_id, step)
);
