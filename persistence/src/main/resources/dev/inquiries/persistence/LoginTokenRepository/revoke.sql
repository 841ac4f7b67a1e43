-- Removes the token with the hash :hashedToken of the user :userId, and only it.
DELETE FROM login_tokens WHERE hashed_token = :hashedToken AND user_id = :userId
