-- What each of the pair chose when a relationship's agreed period ran out
-- (continue for a new period, or complete). One row per person per period.
CREATE TABLE reassessment_choices (
    relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    period_started_at INTEGER NOT NULL,
    choice TEXT NOT NULL,
    chosen_at INTEGER NOT NULL,
    PRIMARY KEY (relationship_id, person_id, period_started_at)
);
