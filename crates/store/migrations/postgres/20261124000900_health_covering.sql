-- Programme health reads check-ins and relationships by programme. Check-ins
-- carry their relationship's programme (a relationship never changes
-- programme), and both tables get indexes that hold every column the health
-- figures read, so the figures never visit table rows.
ALTER TABLE checkins ADD COLUMN programme_id BIGINT NOT NULL DEFAULT 0;
UPDATE checkins SET programme_id = (SELECT r.programme_id FROM relationships r WHERE r.id = checkins.relationship_id);
CREATE INDEX checkins_programme ON checkins(programme_id, due_day, answered_at, in_regular_contact, working);

DROP INDEX relationships_programme;
CREATE INDEX relationships_programme ON relationships(programme_id, state, created_at, activated_at, closed_at,
    introduced_at, last_contact_at, mentor_id, mentee_id);
DROP INDEX relationships_programme_mentee;
CREATE INDEX relationships_programme_mentee ON relationships(programme_id, mentee_id, state, created_at);
