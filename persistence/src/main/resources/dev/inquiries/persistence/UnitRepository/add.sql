-- Adds the unit :name with the id :id; no row is added when the name or id is taken.
INSERT INTO units (id, name) VALUES (:id, :name) ON CONFLICT DO NOTHING
