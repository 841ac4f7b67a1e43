-- The unit :unit names, by id or by name; the id wins when one unit's id is another's name.
SELECT u.id, u.name FROM units u
 WHERE u.id = :unit OR u.name = :unit
 ORDER BY u.id = :unit DESC
 LIMIT 1
