-- Deletes all but the newest :keep positions of the change log.
DELETE FROM queue_changes
 WHERE position <= (SELECT max(position) FROM queue_changes) - CAST(:keep AS bigint)
