-- :inquiries demo inquiries, the first :queued of them queued, the others in the other states, spread over the
-- departments :departmentIds (an eighth without one) and the last :spreadSeconds seconds, with names from two pools.
--   <randomId>  a Rocket.Chat-style id per row from :alphabet (DemoData)
INSERT INTO inquiries (id, rid, name, ts, status, department_id)
SELECT <randomId>, <randomId>, first_names[1 + g % cardinality(first_names)] || ' '
           || last_names[1 + (g / cardinality(first_names)) % cardinality(last_names)],
       date_trunc('milliseconds', now() - random() * make_interval(secs => :spreadSeconds)),
       CASE WHEN g <= :queued THEN 'queued'
            ELSE (ARRAY['taken', 'taken', 'taken', 'open', 'ready', 'verifying'])[1 + g % 6] END,
       CASE WHEN random() < 0.125 THEN NULL
            ELSE department_ids[1 + floor(random() * cardinality(department_ids))::int] END
  FROM generate_series(1, :inquiries) AS g,
       (SELECT ARRAY['Ada', 'Marcos', 'Li', 'Fatima', 'Olu', 'Ines', 'Kenji', 'Sara', 'Yusuf', 'Maria',
                     'Tomas', 'Priya', 'Noah', 'Elif', 'Jonas', 'Amara', 'Diego', 'Hana', 'Pavel', 'Zoe',
                     'Rafael', 'Mei', 'Omar', 'Lena', 'Kwame', 'Ana', 'Ivan', 'Leila', 'Sam', 'Nia']
                   AS first_names,
               ARRAY['Defendi', 'Okafor', 'Tanaka', 'Silva', 'Novak', 'Haddad', 'Kowalski', 'Nguyen',
                     'Andersen', 'Garcia', 'Mensah', 'Rossi', 'Ivanova', 'Sato', 'Müller', 'Dubois',
                     'Khan', 'Costa', 'Schmidt', 'Yilmaz', 'Ortiz', 'Berg', 'Moreau', 'Park', 'Lopez']
                   AS last_names,
               :departmentIds::text[] AS department_ids,
               :alphabet::text AS alphabet) AS pools
