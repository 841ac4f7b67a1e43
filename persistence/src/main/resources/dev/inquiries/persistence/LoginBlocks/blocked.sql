-- Which of the two keys is blocked at :now: the name (:userKey, NULL for none) first, then the address (:ipKey).
SELECT kind FROM login_blocks
 WHERE ((kind = 'user' AND key = :userKey) OR (kind = 'ip' AND key = :ipKey))
   AND blocked_until > CAST(:now AS timestamptz)
 ORDER BY kind = 'user' DESC
 LIMIT 1
