import type pg from 'pg'

const uuid = (prefix: string) =>
  `(substr(md5('${prefix}' || g), 1, 12) || '4' || substr(md5('${prefix}' || g), 14, 3) || 'a' || substr(md5('${prefix}' || g), 18, 15))::uuid`
/** A number in [0, modulo) drawn from a hash of g and a salt, so the attributes do not line up with each other. */
const draw = (salt: string, modulo: number) => `(('x' || substr(md5('${salt}' || g), 1, 8))::bit(32)::int & 2147483647) % ${modulo}`

const FIRST = ['Maria', 'James', 'Dana', 'Robert', 'Linda', 'Michael', 'Patricia', 'John', 'Jennifer', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Donna', 'Andrew', 'Emily', 'Joshua', 'Michelle', 'Kenneth']
const LAST = ['Garcia', 'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Okafor', 'Kowalski', 'Nakamura', 'Lindqvist', 'Oyelaran', 'Fitzgerald', 'Castellanos', 'Abernathy', 'Villanueva', 'Delacroix']
const STREETS = ['Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Peachtree', 'Congress', 'Lamar', 'Guadalupe', 'Riverside', 'Magnolia', 'Willow', 'Sycamore', 'Hickory', 'Juniper', 'Mesquite', 'Bluebonnet', 'Pecan', 'Cypress', 'Live Oak']
const PLACES: [string, string][] = [['TX', 'Austin'], ['TX', 'Houston'], ['TX', 'Dallas'], ['TX', 'San Antonio'], ['TX', 'Round Rock'], ['FL', 'Miami'], ['FL', 'Tampa'], ['FL', 'Orlando'], ['GA', 'Atlanta'], ['GA', 'Savannah'], ['AZ', 'Phoenix'], ['AZ', 'Tucson'], ['NC', 'Charlotte'], ['NC', 'Raleigh'], ['OH', 'Columbus'], ['OH', 'Cleveland'], ['TN', 'Nashville'], ['TN', 'Memphis'], ['CA', 'Fresno'], ['CA', 'Sacramento']]
const pick = (list: readonly string[], salt: string) => `(ARRAY[${list.map((s) => `'${s}'`).join(',')}])[1 + ${draw(salt, list.length)}]`

/**
 * `count` leads in the organization with the variety the filters read:
 * 2,400 name combinations, 20 streets, 20 cities in 8 states, 500 ZIP
 * codes, five statuses, tags (absentee 10%, vacant 3%, probate 1%), 80% of
 * phones mobile and 20% landlines, year built 1900–2019 — set-based
 * (generate_series), then ANALYZE, as an import leaves its tables.
 */
export async function seedLeadUniverse(owner: pg.Client, organizationId: string, count: number, log: (line: string) => void) {
  const { rows } = await owner.query<{ id: string }>(`SELECT id FROM verticals WHERE organization_id = $1 ORDER BY created_at LIMIT 1`, [organizationId])
  const verticalId = rows[0]!.id
  const place = draw('place', PLACES.length)
  const steps: [string, string][] = [
    ['identities', `INSERT INTO identities (id, organization_id, identity_hash, first_name, last_name, full_name)
      SELECT ${uuid('i')}, $1, 'search-' || g, f, l, f || ' ' || l
        FROM (SELECT g, ${pick(FIRST, 'first')} AS f, ${pick(LAST, 'last')} AS l FROM generate_series(1, $2::int) g) n`],
    ['properties', `INSERT INTO properties (id, organization_id, property_hash, line1, city, state, postal_code, year_built, equity_percent)
      SELECT ${uuid('p')}, $1, 'search-' || g, (100 + ${draw('num', 9900)}) || ' ' || ${pick(STREETS, 'street')} || ' St',
             (ARRAY[${PLACES.map(([, c]) => `'${c}'`).join(',')}])[1 + ${place}], (ARRAY[${PLACES.map(([s]) => `'${s}'`).join(',')}])[1 + ${place}],
             (70000 + ${draw('zip', 500)} * 37)::text, 1900 + ${draw('year', 120)}, ${draw('equity', 101)}
        FROM generate_series(1, $2::int) g`],
    ['phone_numbers', `INSERT INTO phone_numbers (id, e164, line_type)
      SELECT ${uuid('n')}, '+1737' || lpad((2000000 + g)::text, 7, '0'), CASE WHEN ${draw('line', 5)} = 0 THEN 'landline' ELSE 'mobile' END
        FROM generate_series(1, $2::int) g WHERE $1::uuid IS NOT NULL`],
    ['identity_phones', `INSERT INTO identity_phones (identity_id, phone_id, position, source)
      SELECT ${uuid('i')}, ${uuid('n')}, 1, 'bench' FROM generate_series(1, $2::int) g WHERE $1::uuid IS NOT NULL`],
    ['leads', `INSERT INTO leads (id, organization_id, identity_id, vertical_id, property_id, status, tags, created_at, updated_at)
      SELECT ${uuid('l')}, $1, ${uuid('i')}, '${verticalId}'::uuid, ${uuid('p')},
             (ARRAY['new','contacted','replied','qualified','closed'])[1 + ${draw('status', 5)}]::"LeadStatus",
             array_remove(ARRAY[CASE WHEN ${draw('t1', 10)} = 0 THEN 'absentee' END, CASE WHEN ${draw('t2', 33)} = 0 THEN 'vacant' END,
                                 CASE WHEN ${draw('t3', 100)} = 0 THEN 'probate' END], NULL),
             timestamptz '2026-01-01' + (g / 20000) * interval '1 minute', now()
        FROM generate_series(1, $2::int) g`],
  ]
  for (const [table, sql] of steps) {
    const started = performance.now()
    await owner.query(sql, [organizationId, count])
    log(`seeded ${count.toLocaleString('en-US')} ${table} in ${((performance.now() - started) / 1000).toFixed(1)}s`)
  }
  const started = performance.now()
  await owner.query('VACUUM ANALYZE identities, properties, phone_numbers, identity_phones, leads')
  log(`vacuumed and analyzed in ${((performance.now() - started) / 1000).toFixed(1)}s`)
}

