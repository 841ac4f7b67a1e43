-- Whether the caller :callerId may move chats that others serve, for the inquiry i: it holds the permission
-- :oversight (V26's user_permissions), and it is no restricted monitor or i is in one of its departments
-- (restricted_monitor_departments; never a chat without a department). A fragment of the moves' statements.
(EXISTS (SELECT 1 FROM user_permissions AS up WHERE up.user_id = :callerId AND up.permission_id = :oversight)
 AND (NOT EXISTS (SELECT 1 FROM restricted_monitors AS rm WHERE rm.user_id = :callerId)
      OR i.department_id IN (SELECT rmd.department_id FROM restricted_monitor_departments AS rmd
                              WHERE rmd.user_id = :callerId)))
