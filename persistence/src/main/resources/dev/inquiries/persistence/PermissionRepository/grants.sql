-- permissions.listAll: every permission with the roles it is granted to (V2's role_permissions; none: an empty
-- array), by id, each row with the time of the read (nothing records when a grant changed). One row without a
-- permission when there is none, so that the time is always read.
SELECT c.read_at, p.id, p.roles
  FROM (SELECT now() AS read_at) AS c
  LEFT JOIN LATERAL (
       SELECT p.id,
              ARRAY(SELECT rp.role_id FROM role_permissions rp
                     WHERE rp.permission_id = p.id ORDER BY rp.role_id COLLATE "C") AS roles
         FROM permissions p) AS p ON true
 ORDER BY p.id COLLATE "C"
