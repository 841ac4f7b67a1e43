-- Of the grants given as parallel arrays (:users, :hashedTokens, :permissions), the 1-based numbers of those no longer
-- held: the token is no longer valid (logged out, expired, its user deactivated), or no role of the user grants the
-- permission any more.
--   <validToken>  FROM and WHERE of a valid token over g's columns (LoginTokenRepository); :lifetimeSeconds
--   <holds>       whether a role of u grants g's permission (CallerCheck, V26's user_permissions)
SELECT g.grant_no
  FROM unnest(CAST(:users AS text[]), CAST(:hashedTokens AS text[]), CAST(:permissions AS text[]))
       WITH ORDINALITY AS g(user_id, hashed_token, permission, grant_no)
 WHERE NOT EXISTS (SELECT 1 <validToken>
                      AND <holds>)
