-- The oldest and newest positions the change log keeps (both 0 when it keeps none).
SELECT coalesce(min(position), 0) AS oldest, coalesce(max(position), 0) AS newest
  FROM queue_changes
 WHERE position IS NOT NULL
