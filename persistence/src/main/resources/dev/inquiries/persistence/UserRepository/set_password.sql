-- Gives the user :username the password hash :hash.
UPDATE users SET password_hash = :hash WHERE username = :username
