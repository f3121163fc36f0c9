-- The BIN of the provider each case goes to, so that an inbox lists only its provider's cases.
-- Cases recorded before cases named their provider keep none: no official may act on them.
ALTER TABLE cases ADD COLUMN provider TEXT;
CREATE INDEX cases_provider ON cases (provider, status);
