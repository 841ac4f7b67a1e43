-- A row when another department than :exceptId (NULL: any) is named :name.
SELECT 1 FROM departments WHERE name = :name AND id IS DISTINCT FROM :exceptId
