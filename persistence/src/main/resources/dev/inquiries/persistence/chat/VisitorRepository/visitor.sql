-- A visitor's columns (VisitorRepository.readVisitor) over v (a row of visitors, or of a statement's visitor).
v.id AS visitor_id, v.token AS visitor_token, v.username AS visitor_username, v.name AS visitor_name,
v.email AS visitor_email, v.phone AS visitor_phone, v.department_id AS visitor_department_id,
v.created_at AS visitor_created_at, v.updated_at AS visitor_updated_at
