-- livechat/priorities: a page of the priorities with the total of the filter, in one statement (one snapshot).
--   :text            part of the shown name (custom, else default), case-insensitively, or NULL for any
--   :limit, :offset  the page (:limit NULL: no limit)
--   <pageOrder>, <rowOrder>  the order over m and p (ListSort)
WITH matching AS MATERIALIZED (
     SELECT pr.id, pr.name, pr.i18n, pr.sort_item, pr.dirty
       FROM priorities AS pr
      WHERE CAST(:text AS text) IS NULL
         OR strpos(lower(coalesce(pr.name, pr.i18n)), lower(CAST(:text AS text))) > 0)
SELECT t.total, p.id, p.name, p.i18n, p.sort_item, p.dirty
  FROM (SELECT count(*) AS total FROM matching) AS t
  LEFT JOIN LATERAL (
       SELECT m.* FROM matching AS m
        ORDER BY <pageOrder>
        LIMIT :limit OFFSET :offset) AS p ON true
 ORDER BY <rowOrder>
