-- livechat/priorities/:id: the priority :id; no row when there is none.
SELECT pr.id, pr.name, pr.i18n, pr.sort_item, pr.dirty
  FROM priorities AS pr
 WHERE pr.id = :id
