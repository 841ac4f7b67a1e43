-- What a login by username checks: the user named exactly :name, its password hash and whether it is active.
SELECT id, password_hash, active FROM users WHERE username = :name
