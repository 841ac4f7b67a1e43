-- Counts one failure of the key (:kind, :key) at :now: a failure after its window (:windowSeconds) has passed starts
-- a new window; the failure that reaches :limit blocks the key for :blockSeconds from now on. A limit of 0 never
-- blocks. :now is cast, as a literal in psql would be taken for an interval beside one.
INSERT INTO login_blocks AS b (kind, key, failures, window_started, blocked_until)
VALUES (:kind, :key, 1, CAST(:now AS timestamptz),
        CASE WHEN :limit = 1 THEN CAST(:now AS timestamptz) + make_interval(secs => :blockSeconds) END)
ON CONFLICT (kind, key) DO UPDATE SET
    failures = CASE WHEN b.window_started <= CAST(:now AS timestamptz) - make_interval(secs => :windowSeconds)
                    THEN 1 ELSE b.failures + 1 END,
    window_started = CASE WHEN b.window_started <= CAST(:now AS timestamptz) - make_interval(secs => :windowSeconds)
                          THEN CAST(:now AS timestamptz) ELSE b.window_started END,
    blocked_until = CASE
        WHEN :limit > 0 AND (CASE WHEN b.window_started <= CAST(:now AS timestamptz) - make_interval(secs => :windowSeconds)
                                  THEN 1 ELSE b.failures + 1 END) >= :limit
        THEN CAST(:now AS timestamptz) + make_interval(secs => :blockSeconds)
        ELSE b.blocked_until END
