-- Who may call the API: users, their roles, the permissions granted to roles, and hashed login tokens.
SET LOCAL lock_timeout = '5s';

CREATE TABLE users (
    id            text        PRIMARY KEY CHECK (id <> ''),
    username      text        NOT NULL UNIQUE CHECK (username <> ''),
    name          text        NULL,
    password_hash text        NULL,
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);

COMMENT ON COLUMN users.password_hash IS 'bcrypt over the SHA-256 hex digest of the password, as Rocket.Chat stores it.';
COMMENT ON COLUMN users.active IS 'A deactivated user is refused with 401 whatever token it shows.';

CREATE TABLE roles (
    id          text PRIMARY KEY CHECK (id <> ''),
    description text NOT NULL DEFAULT ''
);

CREATE TABLE permissions (
    id          text PRIMARY KEY CHECK (id <> ''),
    description text NOT NULL DEFAULT ''
);

CREATE TABLE role_permissions (
    role_id       text NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission_id text NOT NULL REFERENCES permissions (id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, permission_id)
);

CREATE TABLE user_roles (
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id text NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);

CREATE INDEX user_roles_role_id_idx ON user_roles (role_id);

CREATE TABLE login_tokens (
    hashed_token text        PRIMARY KEY,
    user_id      text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE login_tokens IS 'Only base64(sha256(token)) is stored, never the token itself.';

CREATE INDEX login_tokens_user_id_idx ON login_tokens (user_id);
