-- Forgets the failures of the name :key, after it logged in.
DELETE FROM login_blocks WHERE kind = 'user' AND key = :key
