-- Ends the membership of the user :userId in the department :departmentId.
DELETE FROM department_agents WHERE department_id = :departmentId AND user_id = :userId
