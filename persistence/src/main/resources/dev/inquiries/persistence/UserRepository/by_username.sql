-- The user :username with its roles in name order.
SELECT u.id, u.username, u.active,
       ARRAY(SELECT ur.role_id FROM user_roles ur
              WHERE ur.user_id = u.id ORDER BY ur.role_id) AS roles
  FROM users u
 WHERE u.username = :username
