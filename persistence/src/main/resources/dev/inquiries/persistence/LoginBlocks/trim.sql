-- Forgets the keys whose window (:windowSeconds before :now) and block are both over: they hold nothing worth keeping.
DELETE FROM login_blocks
 WHERE window_started <= CAST(:now AS timestamptz) - make_interval(secs => :windowSeconds)
   AND (blocked_until IS NULL OR blocked_until <= CAST(:now AS timestamptz))
