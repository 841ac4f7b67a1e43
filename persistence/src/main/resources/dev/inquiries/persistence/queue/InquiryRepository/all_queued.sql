-- The filter of every queued inquiry, with the version of everything that decides who sees which department (V24).
SELECT NULL::text AS id,
       (SELECT version FROM department_version) AS names_version
