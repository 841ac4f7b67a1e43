-- A demo department :id named :name (run as a batch, one per department).
INSERT INTO departments (id, name) VALUES (:id, :name)
