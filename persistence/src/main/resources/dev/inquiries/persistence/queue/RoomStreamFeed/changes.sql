-- room.stream: the changes in the positions (:after, :upTo], in order, as visitors' streams read them: what became of
-- each room (taken by or forwarded to an agent, back in the queue, closed, deleted), the queues (department keys,
-- '' for none) whose queued inquiries changed, and the chat's place in them (its ts as text, read back in the same
-- session, and its id); a reset row (a bulk statement) stands for any of them.
SELECT c.position, c.kind, c.rid, c.new_status, c.new_taken_by, tb.username AS new_taken_by_username,
       CASE WHEN c.old_status = 'queued' THEN coalesce(c.old_department_id, '') END AS old_queue,
       CASE WHEN c.new_status = 'queued' THEN coalesce(c.new_department_id, '') END AS new_queue,
       CAST(c.ts AS text) AS ts, c.inquiry_id
  FROM queue_changes AS c
  LEFT JOIN users AS tb ON tb.id = c.new_taken_by
 WHERE c.position > :after AND c.position <= :upTo
 ORDER BY c.position
