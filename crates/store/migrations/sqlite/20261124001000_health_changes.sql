-- A count of every write to the tables a programme's health figures read, so
-- that the figures can be kept between requests and recomputed only after
-- something they depend on changed (one row read instead of the whole
-- computation). SQLite runs one writer at a time, so the counter costs one
-- small UPDATE per changed row and serialises nothing new. On PostgreSQL the
-- table exists with the same shape but no triggers: a row every writer must
-- lock would serialise unrelated transactions, so the figures are computed on
-- each request there.
CREATE TABLE health_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL DEFAULT 0
);
INSERT INTO health_changes (id, n) VALUES (1, 0);
CREATE TRIGGER health_changes_people_insert AFTER INSERT ON people BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_people_update AFTER UPDATE ON people BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_people_delete AFTER DELETE ON people BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_programmes_insert AFTER INSERT ON programmes BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_programmes_update AFTER UPDATE ON programmes BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_programmes_delete AFTER DELETE ON programmes BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_enrolments_insert AFTER INSERT ON enrolments BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_enrolments_update AFTER UPDATE ON enrolments BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_enrolments_delete AFTER DELETE ON enrolments BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_mentor_profiles_insert AFTER INSERT ON mentor_profiles BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_mentor_profiles_update AFTER UPDATE ON mentor_profiles BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_mentor_profiles_delete AFTER DELETE ON mentor_profiles BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_preferences_insert AFTER INSERT ON preferences BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_preferences_update AFTER UPDATE ON preferences BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_preferences_delete AFTER DELETE ON preferences BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_relationships_insert AFTER INSERT ON relationships BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_relationships_update AFTER UPDATE ON relationships BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_relationships_delete AFTER DELETE ON relationships BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_relationship_transitions_insert AFTER INSERT ON relationship_transitions BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_relationship_transitions_update AFTER UPDATE ON relationship_transitions BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_relationship_transitions_delete AFTER DELETE ON relationship_transitions BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_agreements_insert AFTER INSERT ON agreements BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_agreements_update AFTER UPDATE ON agreements BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_agreements_delete AFTER DELETE ON agreements BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_goals_insert AFTER INSERT ON goals BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_goals_update AFTER UPDATE ON goals BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_goals_delete AFTER DELETE ON goals BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_meetings_insert AFTER INSERT ON meetings BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_meetings_update AFTER UPDATE ON meetings BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_meetings_delete AFTER DELETE ON meetings BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_checkins_insert AFTER INSERT ON checkins BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_checkins_update AFTER UPDATE ON checkins BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_checkins_delete AFTER DELETE ON checkins BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_resources_insert AFTER INSERT ON resources BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_resources_update AFTER UPDATE ON resources BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_resources_delete AFTER DELETE ON resources BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_resource_completions_insert AFTER INSERT ON resource_completions BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_resource_completions_update AFTER UPDATE ON resource_completions BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER health_changes_resource_completions_delete AFTER DELETE ON resource_completions BEGIN UPDATE health_changes SET n = n + 1 WHERE id = 1; END;
