-- `directory_changes` and `health_changes` were made on PostgreSQL only to
-- keep the SQLite shape; no trigger ever bumped them here and nothing reads
-- them since the counts moved to `change_stripes` (previous migration). The
-- comments of the migrations that made them describe the old way.
DROP TABLE directory_changes;
DROP TABLE health_changes;
