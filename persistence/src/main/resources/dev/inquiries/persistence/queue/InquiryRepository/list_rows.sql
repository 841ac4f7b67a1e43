-- inquiries.list: the page. Unrestricted callers read the filter's partial index directly; a restricted monitor
-- merges the pages of its departments, each at most offset + limit rows. <inDepartment>: the filter over
-- inquiries; <pageOrder>: the request's order (ListSort), <sortColumns> the columns it
-- reads beyond those listed (none, or the V37 ordering fields); <fromHead>, <fromDepartmentHead>: for a page read from the
-- oldest end, that the scan starts at the head of the filter's queue and of each department's (QueueHeads, V31),
-- otherwise true.
SELECT * FROM (SELECT id, rid, name, ts, status, department_id<sortColumns> FROM inquiries
                WHERE inquiry_is_queued(status) AND <inDepartment> AND <fromHead>
                  AND c.permitted AND NOT c.restricted
                ORDER BY <pageOrder>
                LIMIT :limit OFFSET :offset) AS everyone
UNION ALL
SELECT * FROM (SELECT x.* FROM seen AS s CROSS JOIN LATERAL (
                      SELECT id, rid, name, ts, status, department_id<sortColumns> FROM inquiries
                       WHERE inquiry_is_queued(status) AND department_id = s.department AND <inDepartment>
                         AND <fromDepartmentHead>
                       ORDER BY <pageOrder>
                       LIMIT CAST(:offset AS bigint) + CAST(:limit AS bigint)) AS x
                WHERE c.permitted AND c.restricted
                ORDER BY <pageOrder>
                LIMIT :limit OFFSET :offset) AS limited
