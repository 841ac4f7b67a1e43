-- Renames the department :id to :name.
UPDATE departments SET name = :name WHERE id = :id RETURNING id, name, enabled
