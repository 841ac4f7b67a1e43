-- inquiries.queuedForUser: the pages of the agent's departments (routed to nobody), of no department (routed to
-- nobody) and of what is routed to it, each at most offset + limit rows, merged; a department filter must be one of
-- its own. <inDepartment>, <withoutDepartment>: the filter over inquiries; <allowed>: whether the caller may use it;
-- <pageOrder>: the request's order (ListSort).
SELECT * FROM (
    SELECT * FROM (SELECT x.* FROM seen AS s CROSS JOIN LATERAL (
                          SELECT id, rid, name, ts, status, department_id FROM inquiries
                           WHERE inquiry_is_queued(status) AND department_id = s.department
                             AND default_agent_id IS NULL AND <inDepartment>
                           ORDER BY <pageOrder>
                           LIMIT CAST(:offset AS bigint) + CAST(:limit AS bigint)) AS x) AS members
    UNION ALL
    SELECT * FROM (SELECT id, rid, name, ts, status, department_id FROM inquiries
                    WHERE inquiry_is_queued(status) AND department_id IS NULL
                      AND default_agent_id IS NULL AND <withoutDepartment>
                    ORDER BY <pageOrder>
                    LIMIT CAST(:offset AS bigint) + CAST(:limit AS bigint)) AS nobody
    UNION ALL
    SELECT * FROM (SELECT id, rid, name, ts, status, department_id FROM inquiries
                    WHERE inquiry_is_queued(status) AND default_agent_id = c.user_id AND <inDepartment>
                    ORDER BY <pageOrder>
                    LIMIT CAST(:offset AS bigint) + CAST(:limit AS bigint)) AS routed) AS queue
 WHERE c.permitted AND <allowed>
 ORDER BY <pageOrder>
 LIMIT :limit OFFSET :offset
