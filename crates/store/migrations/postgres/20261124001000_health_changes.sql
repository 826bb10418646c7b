-- A count of every write to the tables a programme's health figures read, so
-- that the figures can be kept between requests and recomputed only after
-- something they depend on changed (one row read instead of the whole
-- computation). SQLite runs one writer at a time, so the counter costs one
-- small UPDATE per changed row and serialises nothing new. On PostgreSQL the
-- table exists with the same shape but no triggers: a row every writer must
-- lock would serialise unrelated transactions, so the figures are computed on
-- each request there.
CREATE TABLE health_changes (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL DEFAULT 0
);
INSERT INTO health_changes (id, n) VALUES (1, 0);
