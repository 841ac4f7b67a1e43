-- Whether the database holds neither inquiries nor departments yet.
SELECT NOT EXISTS (SELECT 1 FROM inquiries) AND NOT EXISTS (SELECT 1 FROM departments)
