-- A page of queued inquiries with the total and version of its filter: one statement, one round trip, one snapshot.
-- Composed once at start-up for each list (list_*.sql, queued_*.sql) and filter (all_queued.sql, one_department.sql):
--   <caller>      the caller as a one-row relation (permitted, user_id, restricted), or none (CallerCheck)
--   <department>  the one-row relation (id, names_version) the filter reads
--   <seen>        the departments the caller's view is limited to, read only where it is
--   <allowed>     whether the filter is one the caller may use
--   <counts>      the total and version of the filter, from the counts the triggers keep (V4, V24)
--   <rows>        the page, from the queued partial indexes
--   <rowOrder>    the page's order over its rows (ListSort)
-- Nothing but the caller is read unless it is permitted (the laterals' conditions are one-time filters).
WITH caller AS MATERIALIZED (<caller>),
     department AS MATERIALIZED (<department>),
     seen AS MATERIALIZED (<seen>)
SELECT c.permitted, <allowed> AS allowed, t.total, t.version,
       p.id, p.rid, p.name, p.ts, p.status, p.department_id
  FROM department AS d
  LEFT JOIN caller AS c ON true
  LEFT JOIN LATERAL (<counts>) AS t ON true
  LEFT JOIN LATERAL (<rows>) AS p ON true
 ORDER BY <rowOrder>
