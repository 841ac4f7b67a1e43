-- The user's id when the token is valid.
--   <validToken>  FROM and WHERE of a valid token (LoginTokenRepository): :hashedToken, :userId, :lifetimeSeconds
SELECT u.id
<validToken>
