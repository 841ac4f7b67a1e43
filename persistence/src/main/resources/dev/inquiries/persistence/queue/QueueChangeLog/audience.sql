-- A stream's department filter (:department, by id or name, the id winning; an unknown one is NULL), and whether the
-- user :userId is an agent of it.
--   <idOf>              the id of the department :department names (DepartmentNames)
--   <agentDepartments>  the user's departments as an agent, enabled ones only (QueueVisibility)
SELECT <idOf> AS id,
       <idOf> IN (<agentDepartments>) AS member
