-- How many times an administrator has cleared the account's sign-in back-off (the web's login
-- limits keep their counts in memory; a count made under an older value is dropped, so the
-- admin page and `ansinh user unlock`, another process, can clear it).
-- Keep the same schema as ../postgres/0016_login_unlocks.sql.
ALTER TABLE users ADD COLUMN login_unlocks INTEGER NOT NULL DEFAULT 0;
