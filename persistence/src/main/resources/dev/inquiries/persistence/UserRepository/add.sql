-- Adds the user :username with the id :id, a password hash or NULL, and an address or NULL (verified when given);
-- no row is added when the username is taken.
INSERT INTO users (id, username, password_hash, email, email_verified)
VALUES (:id, :username, :passwordHash, CAST(:email AS text), CAST(:email AS text) IS NOT NULL)
ON CONFLICT (username) DO NOTHING
