-- The user the token with the hash :hashedToken was issued to.
SELECT user_id FROM login_tokens WHERE hashed_token = :hashedToken
