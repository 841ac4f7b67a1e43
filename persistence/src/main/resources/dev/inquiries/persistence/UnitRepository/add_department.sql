-- Puts the department :departmentId into the unit :unitId, unless it is in it.
INSERT INTO unit_departments (unit_id, department_id) VALUES (:unitId, :departmentId)
ON CONFLICT DO NOTHING
