-- Stores the hash :hashedToken of a new token of the user :userId.
INSERT INTO login_tokens (hashed_token, user_id) VALUES (:hashedToken, :userId)
