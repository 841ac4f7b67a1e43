-- The caller with its roles and permissions (V26's user_permissions), when its token is valid.
--   <validToken>  FROM and WHERE of a valid token (LoginTokenRepository): :hashedToken, :userId, :lifetimeSeconds
SELECT u.id, u.username,
       ARRAY(SELECT ur.role_id FROM user_roles ur
              WHERE ur.user_id = u.id) AS roles,
       ARRAY(SELECT up.permission_id FROM user_permissions up
              WHERE up.user_id = u.id) AS permissions
<validToken>
