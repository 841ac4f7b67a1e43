-- Gives the user :userId the role :agentRole (livechat-agent) unless it has it.
INSERT INTO user_roles (user_id, role_id) VALUES (:userId, :agentRole)
ON CONFLICT DO NOTHING
