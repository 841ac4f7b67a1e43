-- Removes every login token of the user :id.
DELETE FROM login_tokens WHERE user_id = :id
