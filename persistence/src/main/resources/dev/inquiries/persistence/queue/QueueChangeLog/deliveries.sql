-- For the changes in (:after, :upTo] and the audiences given as parallel arrays (:users, :views, :departments,
-- :matchesNone): every reset, and every change an audience saw before or sees after, with both verdicts, in position
-- order. before_change and after_change are the inquiry as it was and is (no row for an insert's before or a
-- delete's after), with the columns the visibility predicates read.
--   <seenBefore>, <seenAfter>  whether the audience a sees the inquiry as it was, as it is (QueueChangeLog, from
--                              QueueVisibility's predicates of its view)
SELECT *
  FROM (SELECT a.audience, c.position, c.kind, c.inquiry_id AS id, c.rid, c.name, c.ts, c.status,
               c.department_id,
               coalesce(<seenBefore>, false) AS visible_before,
               coalesce(<seenAfter>, false) AS visible_after
          FROM queue_changes c
         CROSS JOIN unnest(CAST(:users AS text[]), CAST(:views AS text[]), CAST(:departments AS text[]),
                           CAST(:matchesNone AS boolean[]))
               WITH ORDINALITY AS a(user_id, view, department_id, matches_none, audience)
          LEFT JOIN LATERAL (SELECT c.old_status AS status, c.old_department_id AS department_id,
                                    c.old_default_agent_id AS default_agent_id, c.old_taken_by AS taken_by
                              WHERE c.kind IN ('update', 'delete')) AS before_change ON true
          LEFT JOIN LATERAL (SELECT c.new_status AS status, c.new_department_id AS department_id,
                                    c.new_default_agent_id AS default_agent_id, c.new_taken_by AS taken_by
                              WHERE c.kind IN ('insert', 'update')) AS after_change ON true
         WHERE c.position > :after AND c.position <= :upTo) AS decided
 WHERE kind = 'reset' OR visible_before OR visible_after
 ORDER BY position, audience
