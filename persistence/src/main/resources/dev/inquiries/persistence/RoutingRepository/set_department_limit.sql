-- Sets the department's (:department, by id, else by name) limit of open chats per agent (:maxChats, 0 = none).
-- Raising it routes the department's queue at once (V36's trigger on departments).
UPDATE departments AS d
   SET max_chats = CAST(:maxChats AS integer)
 WHERE d.id = coalesce((SELECT x.id FROM departments AS x WHERE x.id = :department),
                       (SELECT x.id FROM departments AS x WHERE x.name = :department))
RETURNING d.id, d.name, d.max_chats
