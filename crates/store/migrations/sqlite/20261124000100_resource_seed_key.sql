-- Built-in resources a fresh install ships (the self-assessment questionnaire,
-- the first-meeting agenda, the agreement template) are seeded on first use;
-- the key makes seeding idempotent when several requests or instances race.
ALTER TABLE resources ADD COLUMN seed_key TEXT;
CREATE UNIQUE INDEX resources_seed_key ON resources(seed_key);
