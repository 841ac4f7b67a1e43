-- Makes the user :userId an agent of the department :departmentId, with the membership's own id :id; no row is
-- added when it is one already.
INSERT INTO department_agents (id, department_id, user_id)
VALUES (:id, :departmentId, :userId)
ON CONFLICT (department_id, user_id) DO NOTHING
