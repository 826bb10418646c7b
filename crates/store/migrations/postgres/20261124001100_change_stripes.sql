-- PostgreSQL's change counts for the directory's and the health page's caches
-- (SQLite keeps them in `directory_changes` and `health_changes`, bumped by
-- triggers in the writing transaction; one writer at a time makes that free).
--
-- Here a single counter row would make every writing transaction wait for
-- every other one, and a row taken in the middle of a transaction can
-- deadlock against the rows the transaction goes on to write. So:
-- - the counts are spread over 32 stripes; a reader sums them (32 small rows);
-- - a transaction bumps one stripe (its transaction id modulo 32), once per
--   count however many rows it wrote (a transaction-local setting remembers);
-- - the bump runs at COMMIT (deferred constraint triggers), after every other
--   write of the transaction: a transaction waiting for a stripe is then
--   committing and waits on nothing else, so no deadlock can form, and two
--   transactions wait for each other only when their ids share a stripe.
-- A reader that reads the sum before the data it caches is exact: a write
-- committed after the sum was read moves the sum past the cached entry, and
-- one committed before it is in both.
CREATE TABLE change_stripes (
    stripe BIGINT PRIMARY KEY,
    directory BIGINT NOT NULL DEFAULT 0,
    health BIGINT NOT NULL DEFAULT 0
);
INSERT INTO change_stripes (stripe) SELECT g FROM generate_series(0, 31) AS g;

CREATE FUNCTION mentorhub_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('mentorhub.counted_' || TG_ARGV[0], true) IS DISTINCT FROM '1' THEN
        PERFORM set_config('mentorhub.counted_' || TG_ARGV[0], '1', true);
        IF TG_ARGV[0] = 'directory' THEN
            UPDATE change_stripes SET directory = directory + 1 WHERE stripe = txid_current() % 32;
        ELSE
            UPDATE change_stripes SET health = health + 1 WHERE stripe = txid_current() % 32;
        END IF;
    END IF;
    RETURN NULL;
END
$$;


-- What the directory's pool reads.
CREATE CONSTRAINT TRIGGER people_directory_changed AFTER INSERT OR UPDATE OR DELETE ON people
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('directory');
CREATE CONSTRAINT TRIGGER programmes_directory_changed AFTER INSERT OR UPDATE OR DELETE ON programmes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('directory');
CREATE CONSTRAINT TRIGGER enrolments_directory_changed AFTER INSERT OR UPDATE OR DELETE ON enrolments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('directory');
CREATE CONSTRAINT TRIGGER mentor_profiles_directory_changed AFTER INSERT OR UPDATE OR DELETE ON mentor_profiles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('directory');
CREATE CONSTRAINT TRIGGER self_assessments_directory_changed AFTER INSERT OR UPDATE OR DELETE ON self_assessments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('directory');
CREATE CONSTRAINT TRIGGER relationships_directory_changed AFTER INSERT OR UPDATE OR DELETE ON relationships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('directory');
CREATE CONSTRAINT TRIGGER resources_directory_changed AFTER INSERT OR UPDATE OR DELETE ON resources
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('directory');
CREATE CONSTRAINT TRIGGER resource_completions_directory_changed AFTER INSERT OR UPDATE OR DELETE ON resource_completions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('directory');

-- What the health figures read.
CREATE CONSTRAINT TRIGGER people_health_changed AFTER INSERT OR UPDATE OR DELETE ON people
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('health');
CREATE CONSTRAINT TRIGGER programmes_health_changed AFTER INSERT OR UPDATE OR DELETE ON programmes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('health');
CREATE CONSTRAINT TRIGGER enrolments_health_changed AFTER INSERT OR UPDATE OR DELETE ON enrolments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('health');
CREATE CONSTRAINT TRIGGER mentor_profiles_health_changed AFTER INSERT OR UPDATE OR DELETE ON mentor_profiles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('health');
CREATE CONSTRAINT TRIGGER preferences_health_changed AFTER INSERT OR UPDATE OR DELETE ON preferences
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('health');
CREATE CONSTRAINT TRIGGER relationships_health_changed AFTER INSERT OR UPDATE OR DELETE ON relationships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('health');
CREATE CONSTRAINT TRIGGER relationship_transitions_health_changed AFTER INSERT OR UPDATE OR DELETE ON relationship_transitions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('health');
CREATE CONSTRAINT TRIGGER agreements_health_changed AFTER INSERT OR UPDATE OR DELETE ON agreements
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('health');
CREATE CONSTRAINT TRIGGER goals_health_changed AFTER INSERT OR UPDATE OR DELETE ON goals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('health');
CREATE CONSTRAINT TRIGGER meetings_health_changed AFTER INSERT OR UPDATE OR DELETE ON meetings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('health');
CREATE CONSTRAINT TRIGGER checkins_health_changed AFTER INSERT OR UPDATE OR DELETE ON checkins
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('health');
CREATE CONSTRAINT TRIGGER resources_health_changed AFTER INSERT OR UPDATE OR DELETE ON resources
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('health');
CREATE CONSTRAINT TRIGGER resource_completions_health_changed AFTER INSERT OR UPDATE OR DELETE ON resource_completions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorhub_count_change('health');
