-- What an integrator's token may do and until when: its scope (`read`, or `file` applications
-- signed by their applicants), the provider it is limited to, its expiry and its revocation.
-- Tokens issued before scopes existed may only read until reissued with `--scope file`.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'read';
ALTER TABLE api_tokens ADD COLUMN provider TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
