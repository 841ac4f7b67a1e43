-- livechat/visitor: the visitor of :token updated, or made when there is none (username :username, else
-- guest-<n> from visitor_numbers), in one statement that names the visitor as the actor of its steps
-- (chat_events.actor_id). A given field replaces the stored one; a field left out (NULL) keeps it. A department that
-- names none writes nothing: department_valid is false.
-- Nothing is written either when the insert meets another visitor's token (a concurrent registration of the same
-- token committed first) or username: then the statement answers no visitor, and the service runs it again, which
-- updates that token's visitor, finds the username taken (username_taken), or draws the next guest number.
-- stale_chat: the visitor has an open chat whose name (the room's fname) is not its name any more; the service then
-- renames it (rename.sql). Not here: an UPDATE of inquiries fires every statement trigger of the queue even when it
-- renames nothing, and a new visitor, the usual registration, has no chat to rename.
--   <visitor>  visitor.sql
WITH department AS MATERIALIZED (
         SELECT CAST(:department AS text) IS NULL OR department_id_of(CAST(:department AS text)) IS NOT NULL AS valid,
                department_id_of(CAST(:department AS text)) AS id),
     updated AS (
         UPDATE visitors AS v
            SET name = coalesce(CAST(:name AS text), v.name),
                email = coalesce(CAST(:email AS text), v.email),
                phone = coalesce(CAST(:phone AS text), v.phone),
                department_id = coalesce(d.id, v.department_id),
                updated_at = now()
           FROM department AS d
          WHERE v.token = :token AND d.valid
         RETURNING v.*),
     inserted AS (
         INSERT INTO visitors (id, token, username, name, email, phone, department_id)
         SELECT :id, :token, coalesce(CAST(:username AS text), 'guest-' || nextval('visitor_numbers')),
                :name, :email, :phone, d.id
           FROM department AS d
          WHERE d.valid AND NOT EXISTS (SELECT 1 FROM updated)
         ON CONFLICT DO NOTHING
         RETURNING *),
     registered AS MATERIALIZED (
         SELECT u.*, set_config('inquiries.actor', u.id, true) AS actor
           FROM (SELECT * FROM updated UNION ALL SELECT * FROM inserted) AS u)
SELECT d.valid AS department_valid,
       CAST(:username AS text) IS NOT NULL
           AND EXISTS (SELECT 1 FROM visitors AS t WHERE t.username = :username AND t.token <> :token) AS username_taken,
       v.name IS NOT NULL AND EXISTS (SELECT 1 FROM inquiries AS i
                                       WHERE i.visitor_id = v.id AND i.status <> 'closed'
                                         AND i.name IS DISTINCT FROM v.name) AS stale_chat,
       <visitor>
  FROM department AS d
  LEFT JOIN registered AS v ON true
