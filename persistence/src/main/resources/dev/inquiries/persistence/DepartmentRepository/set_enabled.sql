-- Enables (:enabled true) or disables the department :id.
UPDATE departments SET enabled = :enabled WHERE id = :id RETURNING id, name, enabled
