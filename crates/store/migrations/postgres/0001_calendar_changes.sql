-- Effective-dated changes to the working calendar (a late Kurban Ait, a new transfer),
-- applied in order of recording on top of the calendar data compiled into the binary.
CREATE TABLE calendar_changes (
    id          BIGSERIAL   PRIMARY KEY,
    recorded_at TIMESTAMPTZ NOT NULL,
    change      JSONB       NOT NULL, -- reglament_calendar::Change
    source      TEXT        NOT NULL  -- legal source of the change
);
CREATE INDEX calendar_changes_recorded_at ON calendar_changes (recorded_at, id);
