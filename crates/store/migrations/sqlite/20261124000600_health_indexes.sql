-- Programme health counts each mentee's and each mentor's relationships within
-- one programme (waiting mentees, open relationships per participant). Without
-- these, a per-person lookup can fall back to scanning the whole programme.
CREATE INDEX relationships_programme_mentee ON relationships(programme_id, mentee_id, state);
CREATE INDEX relationships_programme_mentor ON relationships(programme_id, mentor_id, state);
-- Meetings held per pair (cadence, first meeting) counted from the index alone.
CREATE INDEX meetings_relationship_status ON meetings(relationship_id, status, starts_at);
