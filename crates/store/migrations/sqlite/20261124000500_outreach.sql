-- Informal outreach (000_… steps 6–8, 001_… step 3, 003_…).

-- What the mentee said when asking a candidate (what they look for, how the
-- relationship should work), and the relationship a "yes" started.
ALTER TABLE shortlist_entries ADD COLUMN ask_looking_for TEXT NOT NULL DEFAULT '';
ALTER TABLE shortlist_entries ADD COLUMN ask_how TEXT NOT NULL DEFAULT '';
ALTER TABLE shortlist_entries ADD COLUMN relationship_id INTEGER REFERENCES relationships(id) ON DELETE SET NULL;

-- A declined offer's reason reaches the mentor only if the protégé chose to
-- share it; the version guards answers against a stale page.
ALTER TABLE offers ADD COLUMN decline_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE offers ADD COLUMN reason_shared INTEGER NOT NULL DEFAULT 0;
ALTER TABLE offers ADD COLUMN relationship_id INTEGER REFERENCES relationships(id) ON DELETE SET NULL;
ALTER TABLE offers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX offers_mentor ON offers(mentor_id);

-- Questions the protégé asks about an offer, and the mentor's answers.
CREATE TABLE offer_messages (
    id INTEGER PRIMARY KEY,
    offer_id INTEGER NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX offer_messages_offer ON offer_messages(offer_id, created_at);
