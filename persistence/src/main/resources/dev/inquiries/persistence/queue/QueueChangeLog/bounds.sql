-- The oldest and newest positions the change log keeps (both 0 when it keeps none). :oldestSeen is a position no kept
-- change is older than (0 when the caller knows none: the oldest the caller saw last): the look for the oldest starts
-- there. Trims delete the oldest changes, whose index entries stay until vacuum, and churn leaves many (412,958 dead
-- rows between two vacuums in bench/routing.sh): from the start of the index, min(position) stepped over every one of
-- them on each call (962 pages, 7 ms). Positions only grow, so nothing kept is older than an oldest seen before;
-- should the log have been emptied and numbered from 1 again (a TRUNCATE), nothing is at or past :oldestSeen any more
-- and the whole index is looked at.
SELECT coalesce((SELECT min(c.position) FROM queue_changes AS c WHERE c.position >= CAST(:oldestSeen AS bigint)),
                (SELECT min(c.position) FROM queue_changes AS c WHERE c.position IS NOT NULL),
                0) AS oldest,
       coalesce((SELECT max(c.position) FROM queue_changes AS c WHERE c.position IS NOT NULL), 0) AS newest
