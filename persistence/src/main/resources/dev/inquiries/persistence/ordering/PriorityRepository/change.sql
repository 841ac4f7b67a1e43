-- PUT livechat/priorities/:id: gives the priority :id the custom name :name (dirty), or back its default one when :name
-- is NULL, in one conditional UPDATE: not when another priority shows that name, without regard to case (the unique
-- index priorities_shown_name_key is the backstop of a concurrent rename). found and duplicate tell the refusals apart.
WITH target AS MATERIALIZED (
         SELECT pr.id FROM priorities AS pr WHERE pr.id = :id),
     duplicate AS MATERIALIZED (
         SELECT CAST(:name AS text) IS NOT NULL AND EXISTS (
                    SELECT 1 FROM priorities AS pr
                     WHERE pr.id <> :id AND lower(coalesce(pr.name, pr.i18n)) = lower(CAST(:name AS text))) AS taken),
     changed AS (
         UPDATE priorities AS pr
            SET name = CAST(:name AS text), dirty = CAST(:name AS text) IS NOT NULL, updated_at = now()
           FROM duplicate AS d
          WHERE pr.id = :id AND NOT d.taken
         RETURNING pr.id)
SELECT EXISTS (SELECT 1 FROM target) AS found, d.taken AS duplicate, EXISTS (SELECT 1 FROM changed) AS changed
  FROM duplicate AS d
