-- room.stream: the changes in the positions (:after, :upTo], in order, as visitors' streams read them: what became of
-- each room (taken by or forwarded to an agent, back in the queue, closed, deleted) and the queues (department keys,
-- '' for none) whose queued inquiries changed; a reset row (a bulk statement) stands for any of them.
SELECT c.position, c.kind, c.rid, c.new_status, c.new_taken_by, tb.username AS new_taken_by_username,
       CASE WHEN c.old_status = 'queued' THEN coalesce(c.old_department_id, '') END AS old_queue,
       CASE WHEN c.new_status = 'queued' THEN coalesce(c.new_department_id, '') END AS new_queue
  FROM queue_changes AS c
  LEFT JOIN users AS tb ON tb.id = c.new_taken_by
 WHERE c.position > :after AND c.position <= :upTo
 ORDER BY c.position
