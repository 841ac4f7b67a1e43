-- The version alone, for a conditional request: the same caller, department and counts as page.sql.
WITH caller AS MATERIALIZED (<caller>),
     department AS MATERIALIZED (<department>),
     seen AS MATERIALIZED (<seen>)
SELECT c.permitted, <allowed> AS allowed, t.version
  FROM department AS d
  LEFT JOIN caller AS c ON true
  LEFT JOIN LATERAL (<counts>) AS t ON true
