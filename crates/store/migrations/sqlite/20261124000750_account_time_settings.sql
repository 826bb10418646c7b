-- Each person's way of reading times: an IANA time zone name (e.g.
-- Europe/London) and a date style (en-GB, en-US or iso). NULL means the
-- organisation's default.
ALTER TABLE accounts ADD COLUMN time_zone TEXT;
ALTER TABLE accounts ADD COLUMN date_style TEXT;
