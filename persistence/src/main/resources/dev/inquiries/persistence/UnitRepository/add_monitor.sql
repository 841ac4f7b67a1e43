-- Assigns the user :userId to the unit :unitId as a monitor, unless it is one.
INSERT INTO unit_monitors (unit_id, user_id) VALUES (:unitId, :userId) ON CONFLICT DO NOTHING
