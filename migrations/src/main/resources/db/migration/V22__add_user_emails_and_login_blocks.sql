-- Signing in over REST: users get an optional email to log in with (unique whatever its case), an agent's
-- livechat status for /me, and the counts that block repeated failed logins per name and per client address.
SET LOCAL lock_timeout = '5s';

ALTER TABLE users
    ADD COLUMN email text NULL CHECK (email <> ''),
    ADD COLUMN email_verified boolean NOT NULL DEFAULT false,
    ADD COLUMN status_livechat text NOT NULL DEFAULT 'available'
        CHECK (status_livechat IN ('available', 'not-available'));

CREATE UNIQUE INDEX users_email_key ON users (lower(email));

COMMENT ON COLUMN users.email IS 'An address to log in with; unique without regard to case. NULL: none.';
COMMENT ON COLUMN users.email_verified IS 'Whether the address is confirmed; /me shows a verified one as its email.';
COMMENT ON COLUMN users.status_livechat IS 'available (takes chats) or not-available; a new agent is available.';

-- One row per submitted username (kind 'user') or client address (kind 'ip') that failed lately: how many
-- failures the current window holds, when that window began, and until when the key is refused. A good
-- login deletes its user's row; rows whose window and block are both over are trimmed as failures come in.
CREATE TABLE login_blocks (
    kind           text        NOT NULL CHECK (kind IN ('user', 'ip')),
    key            text        NOT NULL,
    failures       integer     NOT NULL CHECK (failures > 0),
    window_started timestamptz NOT NULL,
    blocked_until  timestamptz NULL,
    PRIMARY KEY (kind, key)
);

COMMENT ON TABLE login_blocks IS 'Failed logins per submitted username and per client address, for blocking repeated failures.';
