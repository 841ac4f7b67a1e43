-- The room :rid as the statement's snapshot has it: its open inquiry, else its newest closed one (a room written by
-- SQL may have several rows). A fragment: the moves read it to tell their refusals apart.
SELECT i.id, i.status, i.taken_by, i.department_id
  FROM inquiries AS i
 WHERE i.rid = :rid
 ORDER BY i.status = 'closed', i.ts DESC, i.id COLLATE "C" DESC
 LIMIT 1
