-- livechat/visitor: visitors registered by their tokens, those of one or more requests at once (VisitorRepository
-- gathers the registrations that arrive together, each with its own :tokens ... :ids element, in the same order; one
-- statement and one commit for all). The visitor of each token is updated, or made when there is none (username
-- the :usernames element, else guest-<n> from visitor_numbers). A given field replaces the stored one; a field left
-- out (NULL) keeps it. A department that names none writes nothing for that element: department_valid is false.
-- Nothing is written either when the insert meets another visitor's token (a concurrent registration of the same
-- token, in this statement or another, came first) or username: then the element answers no visitor, and the
-- service runs it again, which updates that token's visitor, finds the username taken (username_taken), or draws the
-- next guest number.
-- stale_chat: the visitor has an open chat whose name (the room's fname) is not its name any more; the service then
-- renames it (rename.sql). Not here: an UPDATE of inquiries fires every statement trigger of the queue even when it
-- renames nothing, and a new visitor, the usual registration, has no chat to rename.
-- One row per element, by n (its place, from 1).
--   <visitor>  visitor.sql
WITH registrations AS MATERIALIZED (
         SELECT a.*,
                a.department IS NULL OR department_id_of(a.department) IS NOT NULL AS department_valid,
                department_id_of(a.department) AS department_id
           FROM unnest(CAST(:tokens AS text[]), CAST(:names AS text[]), CAST(:emails AS text[]),
                       CAST(:phones AS text[]), CAST(:departments AS text[]), CAST(:usernames AS text[]),
                       CAST(:ids AS text[]))
                WITH ORDINALITY AS a(token, name, email, phone, department, username, id, n)),
     updated AS (
         UPDATE visitors AS v
            SET name = coalesce(r.name, v.name),
                email = coalesce(r.email, v.email),
                phone = coalesce(r.phone, v.phone),
                department_id = coalesce(r.department_id, v.department_id),
                updated_at = now()
           FROM registrations AS r
          WHERE v.token = r.token AND r.department_valid
         RETURNING r.n, v.*),
     inserted AS (
         INSERT INTO visitors (id, token, username, name, email, phone, department_id)
         SELECT r.id, r.token, coalesce(r.username, 'guest-' || nextval('visitor_numbers')),
                r.name, r.email, r.phone, r.department_id
           FROM registrations AS r
          WHERE r.department_valid
            AND NOT EXISTS (SELECT 1 FROM visitors AS t WHERE t.token = r.token)
          ORDER BY r.n
         ON CONFLICT DO NOTHING
         RETURNING *),
     registered AS (
         SELECT u.* FROM updated AS u
         UNION ALL
         SELECT r.n, i.* FROM inserted AS i JOIN registrations AS r ON r.id = i.id)
SELECT r.n, r.department_valid,
       r.username IS NOT NULL
           AND EXISTS (SELECT 1 FROM visitors AS t WHERE t.username = r.username AND t.token <> r.token) AS username_taken,
       v.name IS NOT NULL AND EXISTS (SELECT 1 FROM inquiries AS i
                                       WHERE i.visitor_id = v.id AND i.status <> 'closed'
                                         AND i.name IS DISTINCT FROM v.name) AS stale_chat,
       <visitor>
  FROM registrations AS r
  LEFT JOIN registered AS v ON v.n = r.n
 ORDER BY r.n
