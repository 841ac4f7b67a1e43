-- Adds an enabled department :name with the id :id; no row is added when the id is taken.
INSERT INTO departments (id, name) VALUES (:id, :name)
ON CONFLICT DO NOTHING
