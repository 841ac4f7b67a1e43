-- The id of the department :department names, by id or by name (V30), or NULL.
SELECT department_id_of(CAST(:department AS text))
