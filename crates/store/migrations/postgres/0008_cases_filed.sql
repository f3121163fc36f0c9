-- When each case's application was filed, so that a report on a period reads only the cases
-- filed since it began. Existing cases take the instant their filing was recorded (their first
-- event), never earlier than the filing itself.
ALTER TABLE cases ADD COLUMN filed_at TIMESTAMPTZ;
UPDATE cases SET filed_at = (SELECT at FROM case_events WHERE case_events.case_id = cases.id AND seq = 1);
CREATE INDEX cases_filed ON cases (filed_at);
