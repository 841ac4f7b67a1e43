-- Gives the user :id the roles :roles (a text array).
INSERT INTO user_roles (user_id, role_id)
SELECT :id, role_id FROM unnest(CAST(:roles AS text[])) AS role_id
