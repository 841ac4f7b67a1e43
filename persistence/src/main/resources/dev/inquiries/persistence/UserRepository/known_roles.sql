-- Which of the roles :roles (a text array) exist.
SELECT id FROM roles WHERE id = ANY(:roles)
