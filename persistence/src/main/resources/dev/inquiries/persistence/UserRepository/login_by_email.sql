-- What a login by address checks: the user with the address :name, whatever its case, its password hash and
-- whether it is active.
SELECT id, password_hash, active FROM users WHERE lower(email) = lower(:name)
