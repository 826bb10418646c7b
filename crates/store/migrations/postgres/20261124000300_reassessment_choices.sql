-- What each of the pair chose when a relationship's agreed period ran out
-- (continue for a new period, or complete). One row per person per period.
CREATE TABLE reassessment_choices (
    relationship_id BIGINT NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    period_started_at BIGINT NOT NULL,
    choice TEXT NOT NULL,
    chosen_at BIGINT NOT NULL,
    PRIMARY KEY (relationship_id, person_id, period_started_at)
);
