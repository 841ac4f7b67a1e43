-- The id of the user named :username.
SELECT id FROM users WHERE username = :username
