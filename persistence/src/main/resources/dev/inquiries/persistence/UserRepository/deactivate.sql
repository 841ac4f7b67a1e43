-- Deactivates the user :username; its id, or no row when there is no such user.
UPDATE users SET active = false WHERE username = :username RETURNING id
