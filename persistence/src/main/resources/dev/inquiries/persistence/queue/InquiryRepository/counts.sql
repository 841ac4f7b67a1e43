-- The total and version of a list's filter, from the counts the triggers keep (V4, V24). A filter's version is
-- who-sees-what's version times 2^40 plus the sum of its counts' versions (each only grows), so that a view that
-- changed which departments it reads never repeats an earlier version.
--   <keyInDepartment>  the filter's department over queue_counts q
--   <countedFor>       which counts the caller's list is made of (inquiries.list or queuedForUser)
SELECT coalesce(sum(q.queued), 0) AS total,
       d.names_version * 1099511627776 + coalesce(sum(q.version), 0) AS version
  FROM queue_counts AS q
 WHERE c.permitted AND <keyInDepartment>
   AND <countedFor>
