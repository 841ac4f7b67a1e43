-- An intake asks priority_id_of and sla_id_of for the priority and SLA its visitor named, and a registration asks
-- department_id_of for the department, whether or not one was named. Each is a SQL function with its own search path,
-- which PostgreSQL cannot inline: a call runs its query even for NULL, which names nothing and finds nothing. STRICT
-- makes a call with NULL answer NULL without running anything: the same answer, without the query.
SET LOCAL lock_timeout = '5s';

ALTER FUNCTION priority_id_of(text) STRICT;
ALTER FUNCTION sla_id_of(text) STRICT;
ALTER FUNCTION department_id_of(text) STRICT;
