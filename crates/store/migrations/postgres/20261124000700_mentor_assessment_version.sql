-- The admin's assessment of a mentor application carries a version, like every
-- other shared object: two administrators assessing the same applicant at once
-- no longer overwrite each other (the later save is refused as stale).
ALTER TABLE mentor_assessments ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
