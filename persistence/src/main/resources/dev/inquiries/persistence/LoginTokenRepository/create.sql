-- Stores the hash :hashedToken of a new token of the user :username; its user id, or no row when there is none.
INSERT INTO login_tokens (hashed_token, user_id)
SELECT :hashedToken, id FROM users WHERE username = :username
RETURNING user_id
