-- The user :id as /api/v1/me shows it, with its roles in name order.
SELECT u.id, u.username, u.name, u.email, u.email_verified, u.active, u.status_livechat,
       ARRAY(SELECT ur.role_id FROM user_roles ur
              WHERE ur.user_id = u.id ORDER BY ur.role_id) AS roles
  FROM users u
 WHERE u.id = :id
