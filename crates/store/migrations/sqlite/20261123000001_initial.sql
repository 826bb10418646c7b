-- Mentorhub's initial schema. Instants are integer milliseconds since the Unix
-- epoch; lists and small records are JSON text; flags are 0/1 integers. The same
-- shapes exist on PostgreSQL (migrations/postgres), so one query layer serves both.

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    employee_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    manager_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    location TEXT NOT NULL DEFAULT '',
    function TEXT NOT NULL DEFAULT '',
    career_level INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    erased_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX people_manager ON people(manager_id);
CREATE INDEX people_location ON people(location);
CREATE INDEX people_function ON people(function);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL UNIQUE REFERENCES people(id) ON DELETE CASCADE,
    password_hash TEXT,
    is_admin INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    password_changed_at INTEGER
);

-- Server-side sessions: only the SHA-256 of the random token is stored.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

-- Single-use links to set a password (invitations and resets).
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

-- Failed sign-in counters, per account and per address, shared by all instances.
CREATE TABLE auth_throttle (
    throttle_key TEXT PRIMARY KEY,
    window_started_at INTEGER NOT NULL,
    failures INTEGER NOT NULL
);

CREATE TABLE programmes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    objective_kind TEXT NOT NULL,
    objective_text TEXT NOT NULL DEFAULT '',
    focus_skills TEXT NOT NULL DEFAULT '[]',
    at_risk_functions TEXT NOT NULL DEFAULT '[]',
    mode TEXT NOT NULL,
    formality TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    target_pool TEXT NOT NULL DEFAULT '{}',
    weights TEXT NOT NULL,
    rules TEXT NOT NULL,
    cadence TEXT NOT NULL,
    meeting_mode TEXT NOT NULL,
    duration_months INTEGER NOT NULL,
    checkin_days TEXT NOT NULL DEFAULT '30,90',
    dormancy_days INTEGER NOT NULL DEFAULT 90,
    dormancy_warn_days INTEGER NOT NULL DEFAULT 14,
    mentor_training_required INTEGER NOT NULL DEFAULT 0,
    mentee_training_required INTEGER NOT NULL DEFAULT 0,
    announced_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    decision_reason TEXT,
    decided_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    decided_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (programme_id, person_id, role)
);
CREATE INDEX enrolments_person ON enrolments(person_id);
CREATE INDEX enrolments_programme_role ON enrolments(programme_id, role, status);

CREATE TABLE mentor_profiles (
    enrolment_id INTEGER PRIMARY KEY REFERENCES enrolments(id) ON DELETE CASCADE,
    bio TEXT NOT NULL,
    expertise TEXT NOT NULL,
    leadership_style TEXT NOT NULL,
    personal_style TEXT NOT NULL,
    track_record TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL,
    availability TEXT NOT NULL DEFAULT '',
    meeting_modes TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE mentor_assessments (
    enrolment_id INTEGER PRIMARY KEY REFERENCES enrolments(id) ON DELETE CASCADE,
    assessor_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    expertise_score INTEGER NOT NULL,
    communication_score INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE TABLE self_assessments (
    enrolment_id INTEGER PRIMARY KEY REFERENCES enrolments(id) ON DELETE CASCADE,
    focus_skills TEXT NOT NULL,
    leadership_style TEXT NOT NULL,
    style_preference TEXT NOT NULL,
    personal_preference TEXT NOT NULL,
    goals_this_year TEXT NOT NULL,
    three_year_view TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

-- A mentee's ranked choices (1 or 2). Private: never shown to the mentor.
CREATE TABLE preferences (
    mentee_enrolment_id INTEGER NOT NULL REFERENCES enrolments(id) ON DELETE CASCADE,
    mentor_enrolment_id INTEGER NOT NULL REFERENCES enrolments(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL CHECK (rank IN (1, 2)),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (mentee_enrolment_id, rank),
    UNIQUE (mentee_enrolment_id, mentor_enrolment_id)
);
CREATE INDEX preferences_mentor ON preferences(mentor_enrolment_id);

-- The admin's pins and forbidden pairs for a programme's next matching run.
CREATE TABLE match_overrides (
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    mentee_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    mentor_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('pin', 'forbid')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (programme_id, mentee_id, mentor_id)
);

CREATE TABLE match_runs (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    result TEXT NOT NULL,
    published_at INTEGER
);
CREATE INDEX match_runs_programme ON match_runs(programme_id, created_at);

-- A mentee's private shortlist and outreach log. Nobody else sees it.
CREATE TABLE shortlist_entries (
    id INTEGER PRIMARY KEY,
    mentee_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    candidate_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    programme_id INTEGER REFERENCES programmes(id) ON DELETE SET NULL,
    position INTEGER NOT NULL,
    positives TEXT NOT NULL DEFAULT '',
    constraints TEXT NOT NULL DEFAULT '',
    recommendations TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL DEFAULT 'shortlisted',
    contact_method TEXT,
    conversations INTEGER NOT NULL DEFAULT 0,
    follow_up_welcome INTEGER,
    thanked INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (mentee_id, candidate_id)
);

CREATE TABLE offers (
    id INTEGER PRIMARY KEY,
    mentor_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    protege_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    programme_id INTEGER REFERENCES programmes(id) ON DELETE SET NULL,
    noticed TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open',
    created_at INTEGER NOT NULL,
    decided_at INTEGER
);
CREATE INDEX offers_protege ON offers(protege_id);

CREATE TABLE relationships (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    mentor_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    mentee_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    introduced_at INTEGER,
    activated_at INTEGER,
    closed_at INTEGER,
    period_started_at INTEGER,
    last_contact_at INTEGER,
    manager_support_note TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (mentor_id <> mentee_id)
);
CREATE INDEX relationships_mentor ON relationships(mentor_id, state);
CREATE INDEX relationships_mentee ON relationships(mentee_id, state);
CREATE INDEX relationships_programme ON relationships(programme_id, state);
-- At most one open relationship between the same two people in a programme.
CREATE UNIQUE INDEX relationships_one_open_per_pair ON relationships(programme_id, mentor_id, mentee_id)
    WHERE state IN ('proposed', 'awaiting_manager_approval', 'introduced', 'active', 'reassessment_due');

CREATE TABLE relationship_transitions (
    id INTEGER PRIMARY KEY,
    relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
    from_state TEXT,
    to_state TEXT NOT NULL,
    event TEXT NOT NULL,
    actor_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    at INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    -- An early-ending reason is kept from the partner unless its author shares it.
    reason_shared INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX relationship_transitions_rel ON relationship_transitions(relationship_id, at);

CREATE TABLE agreements (
    relationship_id INTEGER PRIMARY KEY REFERENCES relationships(id) ON DELETE CASCADE,
    cadence TEXT NOT NULL,
    mode TEXT NOT NULL,
    confidentiality TEXT NOT NULL,
    raising_concerns TEXT NOT NULL,
    duration_months INTEGER NOT NULL,
    mentor_concerns TEXT NOT NULL DEFAULT '',
    mentee_concerns TEXT NOT NULL DEFAULT '',
    mentor_confirmed INTEGER NOT NULL DEFAULT 0,
    mentee_confirmed INTEGER NOT NULL DEFAULT 0,
    updated_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    progress INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    shared_with_manager INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX goals_relationship ON goals(relationship_id);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    duration_minutes INTEGER NOT NULL,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    agenda TEXT NOT NULL DEFAULT '',
    next_meeting_at INTEGER,
    question_for_next TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_relationship ON meetings(relationship_id, starts_at);

-- Each author's note on a meeting: private unless shared with the partner.
CREATE TABLE meeting_notes (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (meeting_id, author_id)
);

CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    due_day INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    in_regular_contact INTEGER,
    working INTEGER,
    what_would_help TEXT,
    answered_at INTEGER,
    UNIQUE (relationship_id, person_id, due_day)
);
CREATE INDEX checkins_person ON checkins(person_id);

CREATE TABLE reflections (
    relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (relationship_id, person_id)
);

CREATE TABLE resources (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER REFERENCES programmes(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    audience TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    link TEXT,
    required INTEGER NOT NULL DEFAULT 0,
    built_in INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE resource_completions (
    resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    completed_at INTEGER NOT NULL,
    PRIMARY KEY (resource_id, person_id)
);

-- The durable outbox: one row per message, sent by the jobs runner.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    recipient_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    recipient_email TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    locked_until INTEGER,
    locked_by TEXT,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX notifications_due ON notifications(status, next_attempt_at);

-- Scheduled and background work, claimed with a lease so it never runs twice.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    dedupe_key TEXT NOT NULL UNIQUE,
    run_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    locked_by TEXT,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX jobs_due ON jobs(status, run_at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
