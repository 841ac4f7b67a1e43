-- Numbers the committed changes not numbered yet (V25's queue_changes_sequence), unless another session is doing it;
-- how many it numbered.
SELECT queue_changes_sequence()
