-- Self-match requests (SPEC §2, `001_…` step 3): a mentee asks an approved mentor
-- directly; the mentor accepts (a relationship starts) or declines with a reason
-- that the mentee sees only when the mentor shares it.
CREATE TABLE mentor_requests (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    mentee_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    mentor_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    message TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'open',
    reason TEXT NOT NULL DEFAULT '',
    reason_shared INTEGER NOT NULL DEFAULT 0,
    relationship_id INTEGER REFERENCES relationships(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    decided_at INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (mentor_id <> mentee_id),
    CHECK (state IN ('open', 'accepted', 'declined', 'withdrawn'))
);
CREATE INDEX mentor_requests_mentor ON mentor_requests(mentor_id, state);
CREATE INDEX mentor_requests_mentee ON mentor_requests(programme_id, mentee_id, state);
-- A mentee asks one mentor at a time in a programme (`001_…` step 3: first choice, then the next).
CREATE UNIQUE INDEX mentor_requests_one_open ON mentor_requests(programme_id, mentee_id) WHERE state = 'open';

-- What the mentor directory shows changes whenever one of its source tables
-- does. On SQLite (one writer) a counter row bumped by triggers makes the
-- directory's freshness check O(1); on PostgreSQL the same table exists but the
-- store computes the check from the tables themselves, because a counter row
-- every writer must lock would serialise unrelated transactions.
CREATE TABLE directory_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL DEFAULT 0
);
INSERT INTO directory_changes (id, n) VALUES (1, 0);
CREATE TRIGGER directory_changes_people_insert AFTER INSERT ON people BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_people_update AFTER UPDATE ON people BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_people_delete AFTER DELETE ON people BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_enrolments_insert AFTER INSERT ON enrolments BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_enrolments_update AFTER UPDATE ON enrolments BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_enrolments_delete AFTER DELETE ON enrolments BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_mentor_profiles_insert AFTER INSERT ON mentor_profiles BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_mentor_profiles_update AFTER UPDATE ON mentor_profiles BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_mentor_profiles_delete AFTER DELETE ON mentor_profiles BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_self_assessments_insert AFTER INSERT ON self_assessments BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_self_assessments_update AFTER UPDATE ON self_assessments BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_self_assessments_delete AFTER DELETE ON self_assessments BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_relationships_insert AFTER INSERT ON relationships BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_relationships_update AFTER UPDATE ON relationships BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_relationships_delete AFTER DELETE ON relationships BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_resources_insert AFTER INSERT ON resources BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_resources_update AFTER UPDATE ON resources BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_resources_delete AFTER DELETE ON resources BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_resource_completions_insert AFTER INSERT ON resource_completions BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_resource_completions_update AFTER UPDATE ON resource_completions BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_resource_completions_delete AFTER DELETE ON resource_completions BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_programmes_insert AFTER INSERT ON programmes BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_programmes_update AFTER UPDATE ON programmes BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER directory_changes_programmes_delete AFTER DELETE ON programmes BEGIN UPDATE directory_changes SET n = n + 1 WHERE id = 1; END;
