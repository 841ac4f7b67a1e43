-- Gives the user :userId the role :role, unless it has it.
INSERT INTO user_roles (user_id, role_id) VALUES (:userId, :role) ON CONFLICT DO NOTHING
