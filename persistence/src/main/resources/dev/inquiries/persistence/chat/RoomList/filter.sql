-- Which rooms (inquiries i) a livechat/rooms request lists, for the caller :viewerId. A fragment:
--   :servedBy     not NULL: only rooms that user serves or served last (an agent without view-livechat-rooms)
--   restricted    a restricted monitor sees only the rooms of its departments (restricted_monitor_departments);
--                 the caller CTE of page.sql decides it once (an InitPlan), not per row
--   :departmentId, :open, :agents, :createdFrom/:createdTo (ts), :closedFrom/:closedTo: the request's filters
(CAST(:servedBy AS text) IS NULL OR i.taken_by = CAST(:servedBy AS text))
AND (NOT (SELECT c.restricted FROM caller AS c)
     OR i.department_id IN (SELECT r.department_id FROM restricted_monitor_departments AS r
                             WHERE r.user_id = CAST(:viewerId AS text)))
AND (CAST(:departmentId AS text) IS NULL OR i.department_id = CAST(:departmentId AS text))
AND (CAST(:open AS boolean) IS NULL OR (i.status <> 'closed') = CAST(:open AS boolean))
AND (CAST(:agents AS text[]) IS NULL OR i.taken_by = ANY (CAST(:agents AS text[])))
AND (CAST(:createdFrom AS timestamptz) IS NULL OR i.ts >= CAST(:createdFrom AS timestamptz))
AND (CAST(:createdTo AS timestamptz) IS NULL OR i.ts <= CAST(:createdTo AS timestamptz))
AND (CAST(:closedFrom AS timestamptz) IS NULL OR i.closed_at >= CAST(:closedFrom AS timestamptz))
AND (CAST(:closedTo AS timestamptz) IS NULL OR i.closed_at <= CAST(:closedTo AS timestamptz))
