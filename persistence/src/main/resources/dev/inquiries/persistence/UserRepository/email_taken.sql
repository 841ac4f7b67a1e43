-- A row when a user has the address :email, whatever its case.
SELECT 1 FROM users WHERE lower(email) = lower(:email)
