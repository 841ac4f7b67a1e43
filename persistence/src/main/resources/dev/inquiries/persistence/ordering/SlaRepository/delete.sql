-- DELETE livechat/sla/:id: deletes the SLA :id, if there is one. Its inquiries lose it (V37's foreign key: ON DELETE
-- SET DEFAULT, no SLA and the estimate 9999999), each a 'changed' event of the stream.
DELETE FROM slas AS s
 WHERE s.id = :id
