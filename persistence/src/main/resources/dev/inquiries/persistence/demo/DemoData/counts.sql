-- What the database holds now: departments, inquiries, and queued inquiries.
SELECT (SELECT count(*) FROM departments) AS departments,
       (SELECT count(*) FROM inquiries) AS inquiries,
       (SELECT count(*) FROM inquiries WHERE inquiry_is_queued(status)) AS queued
