-- The filter of one department, named by id or by name (V30; an unknown one matches nothing), with the version of
-- everything that decides who sees which department (V24).
SELECT department_id_of(CAST(:department AS text)) AS id,
       (SELECT version FROM department_version) AS names_version
