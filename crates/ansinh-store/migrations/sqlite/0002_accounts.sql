-- Accounts, their areas, server-side sessions and API tokens (SQLite).
-- Keep the same schema as ../postgres/0002_accounts.sql.

CREATE TABLE users (
    id                    BLOB PRIMARY KEY,
    username              TEXT NOT NULL UNIQUE,
    display_name          TEXT NOT NULL,
    password_hash         TEXT NOT NULL,
    role                  TEXT NOT NULL CHECK (role IN ('admin', 'province_officer', 'commune_officer', 'leader', 'inspector')),
    must_change_password  BOOLEAN NOT NULL,
    disabled              BOOLEAN NOT NULL DEFAULT FALSE,
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);

-- The areas an account is responsible for: the province, or one or more communes.
CREATE TABLE user_areas (
    user_id  BLOB NOT NULL REFERENCES users (id),
    area_id  BLOB NOT NULL REFERENCES areas (id),
    PRIMARY KEY (user_id, area_id)
);

-- The cookie carries a random token; only its SHA-256 is stored, so a copy of the database
-- does not let anyone take over a session.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       BLOB NOT NULL REFERENCES users (id),
    csrf_token    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id            BLOB PRIMARY KEY,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'province_officer', 'commune_officer', 'leader', 'inspector')),
    created_by    BLOB NOT NULL REFERENCES users (id),
    created_at    TEXT NOT NULL,
    revoked_at    TEXT,
    last_used_at  TEXT
);

CREATE TABLE api_token_areas (
    token_id  BLOB NOT NULL REFERENCES api_tokens (id),
    area_id   BLOB NOT NULL REFERENCES areas (id),
    PRIMARY KEY (token_id, area_id)
);
