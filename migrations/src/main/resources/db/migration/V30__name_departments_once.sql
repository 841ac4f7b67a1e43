-- How a request names a department, once for every statement: by id or by name, and when one department's id is
-- another's name, the id wins. NULL when it names none. A function, so that a statement that takes a department
-- reads the same in the service and in psql: department_id_of(:department).
SET LOCAL lock_timeout = '5s';

CREATE FUNCTION department_id_of(named text) RETURNS text
    LANGUAGE sql
    STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    SELECT d.id
      FROM departments d
     WHERE d.id = named OR d.name = named
     ORDER BY d.id = named DESC
     LIMIT 1;
$$;

COMMENT ON FUNCTION department_id_of(text) IS 'The id of the department a request names by id or by name (the id wins), '
    'or NULL when it names none.';
