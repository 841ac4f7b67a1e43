-- inquiries.queuedForUser: the pages of the agent's departments (routed to nobody), of no department (routed to
-- nobody) and of what is routed to it, each at most offset + limit rows, merged; a department filter must be one of
-- its own. <inDepartment>, <withoutDepartment>: the filter over inquiries; <allowed>: whether the caller may use it;
-- <pageOrder>: the request's order (ListSort), <sortColumns> the columns it
-- reads beyond those listed (none, or the V37 ordering fields); <fromDepartmentHead>, <fromNobodysHead>: for a page read from the
-- oldest end, that each department's scan and that of no department start at its queue's head (QueueHeads, V31),
-- otherwise true.
SELECT * FROM (
    SELECT * FROM (SELECT x.* FROM seen AS s CROSS JOIN LATERAL (
                          SELECT id, rid, name, ts, status, department_id<sortColumns> FROM inquiries
                           WHERE inquiry_is_queued(status) AND department_id = s.department
                             AND default_agent_id IS NULL AND <inDepartment> AND <fromDepartmentHead>
                           ORDER BY <pageOrder>
                           LIMIT CAST(:offset AS bigint) + CAST(:limit AS bigint)) AS x) AS members
    UNION ALL
    SELECT * FROM (SELECT id, rid, name, ts, status, department_id<sortColumns> FROM inquiries
                    WHERE inquiry_is_queued(status) AND department_id IS NULL
                      AND default_agent_id IS NULL AND <withoutDepartment> AND <fromNobodysHead>
                    ORDER BY <pageOrder>
                    LIMIT CAST(:offset AS bigint) + CAST(:limit AS bigint)) AS nobody
    UNION ALL
    SELECT * FROM (SELECT id, rid, name, ts, status, department_id<sortColumns> FROM inquiries
                    WHERE inquiry_is_queued(status) AND default_agent_id = c.user_id AND <inDepartment>
                    ORDER BY <pageOrder>
                    LIMIT CAST(:offset AS bigint) + CAST(:limit AS bigint)) AS routed) AS queue
 WHERE c.permitted AND <allowed>
 ORDER BY <pageOrder>
 LIMIT :limit OFFSET :offset
