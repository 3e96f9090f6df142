import { IDENTITY_SCALARS, PROPERTY_SCALARS, type ScalarField } from './graph-fields'

/**
 * The SQL of MERGE, built once from the field lists. Every statement is
 * set-based over the chunk's staging tables (never one query per row),
 * collapses in-chunk duplicates first (an upsert may touch a row only once
 * per statement) and inserts in conflict-key order (fewer lock waits and
 * page splits; no deadlock between two chunks that share keys).
 *
 * Named parameters (bound by `bindNamed`): :org, :file (import file id),
 * :extraction, :seenAt (the extraction's start, so a resumed chunk writes
 * the same values), :confidence, :source (label on every link), :vertical.
 */

export const STAGING_DDL = [
  `CREATE TEMP TABLE stg_person (row_no integer, ord smallint, identity_hash text, first_name text, middle_name text,
     last_name text, suffix text, full_name text, ${IDENTITY_SCALARS.map((f) => `${f.column} ${f.sqlType}`).join(', ')},
     property_hash text, mailing_hash text) ON COMMIT DROP`,
  `CREATE TEMP TABLE stg_address (row_no integer, role "PropertyRole", property_hash text, line1 text, city text, state text,
     postal_code text, street_number text, street_predir text, street_name text, street_suffix text, street_postdir text,
     unit_type text, unit_number text, source_column text,
     ${PROPERTY_SCALARS.map((f) => `${f.column} ${f.sqlType}`).join(', ')}) ON COMMIT DROP`,
  `CREATE TEMP TABLE stg_contact (row_no integer, ord smallint, kind "char", value text, source_column text, position smallint) ON COMMIT DROP`,
]

/** The last non-null value in row order: what applying the rows one by one would leave. */
const lastValue = (column: string) => `(array_agg(${column} ORDER BY row_no DESC) FILTER (WHERE ${column} IS NOT NULL))[1]`

/**
 * Whether the incoming value wins over the stored one: it is there, and the
 * stored one is missing, or differs with a (confidence, seen-at) no higher
 * than the incoming one's, or is the same value seen with less confidence.
 * The same value seen again later changes nothing (re-imports leave facts as they are).
 */
function wins(target: string, incoming: string, field: Pick<ScalarField, 'column'>, pair = field.column) {
  const t = `${target}.${field.column}`
  const i = `${incoming}.${field.column}`
  const tc = `COALESCE(${target}.${pair}_confidence, 0)`
  const ts = `COALESCE(${target}.${pair}_seen_at, '-infinity')`
  return `(${i} IS NOT NULL AND (${t} IS NULL
    OR (${i} IS DISTINCT FROM ${t} AND (${incoming}.${pair}_confidence, ${incoming}.${pair}_seen_at) >= (${tc}, ${ts}))
    OR (${i} = ${t} AND ${incoming}.${pair}_confidence > ${tc})))`
}

const resolvedSet = (target: string, incoming: string, fields: readonly ScalarField[]) =>
  fields
    .flatMap((f) => {
      const win = wins(target, incoming, f)
      return [f.column, `${f.column}_confidence`, `${f.column}_seen_at`].map(
        (c) => `${c} = CASE WHEN ${win} THEN ${incoming}.${c} ELSE ${target}.${c} END`,
      )
    })
    .join(',\n    ')

const anyWins = (target: string, incoming: string, fields: readonly ScalarField[]) =>
  fields.map((f) => wins(target, incoming, f)).join(' OR ')

const withPair = (f: ScalarField, alias = 'c') =>
  `${alias}.${f.column}, CASE WHEN ${alias}.${f.column} IS NULL THEN NULL ELSE :confidence::real END, CASE WHEN ${alias}.${f.column} IS NULL THEN NULL ELSE :seenAt::timestamptz END`

const pairColumns = (fields: readonly ScalarField[]) =>
  fields.map((f) => `${f.column}, ${f.column}_confidence, ${f.column}_seen_at`).join(', ')

/** Properties of the chunk, one row per hash: the address parts, and each attribute's last value in the file. */
const collapsedProperties = `
  SELECT property_hash, min(line1) AS line1, min(city) AS city, min(state) AS state, min(postal_code) AS postal_code,
         min(street_number) AS street_number, min(street_predir) AS street_predir, min(street_name) AS street_name,
         min(street_suffix) AS street_suffix, min(street_postdir) AS street_postdir, min(unit_type) AS unit_type,
         min(unit_number) AS unit_number,
         ${PROPERTY_SCALARS.map((f) => `${lastValue(f.column)} AS ${f.column}`).join(',\n         ')}
    FROM stg_address GROUP BY property_hash`

export const UPSERT_PROPERTIES = `
  WITH c AS (${collapsedProperties}),
  ins AS (
    INSERT INTO properties (id, organization_id, property_hash, line1, city, state, postal_code, street_number, street_predir,
                            street_name, street_suffix, street_postdir, unit_type, unit_number, ${pairColumns(PROPERTY_SCALARS)}, created_at)
    SELECT gen_random_uuid(), :org::uuid, c.property_hash, c.line1, c.city, c.state, c.postal_code, c.street_number, c.street_predir,
           c.street_name, c.street_suffix, c.street_postdir, c.unit_type, c.unit_number,
           ${PROPERTY_SCALARS.map((f) => withPair(f)).join(',\n           ')}, now()
      FROM c ORDER BY c.property_hash
    ON CONFLICT (organization_id, property_hash) DO UPDATE SET
    ${resolvedSet('properties', 'EXCLUDED', PROPERTY_SCALARS)}
    WHERE ${anyWins('properties', 'EXCLUDED', PROPERTY_SCALARS)}
    RETURNING (xmax = 0) AS inserted)
  SELECT count(*) FILTER (WHERE inserted)::int AS added FROM ins`

/** The incoming value of a field with this extraction's (confidence, seen-at), or three nulls. */
const pairSelect = (f: ScalarField, alias: string) =>
  `${alias}.${f.column} AS ${f.column}, CASE WHEN ${alias}.${f.column} IS NULL THEN NULL ELSE :confidence::real END AS ${f.column}_confidence, ` +
  `CASE WHEN ${alias}.${f.column} IS NULL THEN NULL ELSE :seenAt::timestamptz END AS ${f.column}_seen_at`

/** Enrichment: only properties that exist get the attributes. */
export const ENRICH_PROPERTIES = `
  WITH c0 AS (${collapsedProperties}),
  c AS (SELECT c0.property_hash, ${PROPERTY_SCALARS.map((f) => pairSelect(f, 'c0')).join(',\n    ')} FROM c0)
  UPDATE properties SET
    ${resolvedSet('properties', 'c', PROPERTY_SCALARS)}
    FROM c
   WHERE properties.organization_id = :org::uuid AND properties.property_hash = c.property_hash
     AND (${anyWins('properties', 'c', PROPERTY_SCALARS)})`

export const MAP_PROPERTIES = `
  CREATE TEMP TABLE t_prop ON COMMIT DROP AS
  SELECT p.property_hash, p.id FROM properties p
   WHERE p.organization_id = :org::uuid AND p.property_hash IN (SELECT property_hash FROM stg_address)`

/** Identities of the chunk as they were before it: new (no id), matched, or already seen by this extraction. */
export const IDENTITIES_BEFORE = `
  CREATE TEMP TABLE t_ident ON COMMIT DROP AS
  SELECT s.identity_hash, i.id, i.last_extraction_id AS before_extraction
    FROM (SELECT DISTINCT identity_hash FROM stg_person) s
    LEFT JOIN identities i ON i.organization_id = :org::uuid AND i.identity_hash = s.identity_hash`

export const IDENTITY_COUNTS = `
  SELECT (SELECT count(*) FROM t_ident WHERE id IS NULL)::int AS new_identities,
         (SELECT count(*) FROM t_ident WHERE id IS NOT NULL AND before_extraction IS DISTINCT FROM :extraction::uuid)::int AS matched_identities,
         ((SELECT count(*) FROM stg_person)
           - (SELECT count(*) FROM t_ident WHERE id IS NULL OR before_extraction IS DISTINCT FROM :extraction::uuid))::int AS in_file_duplicates`

const NAME_FIELDS = ['first_name', 'middle_name', 'last_name', 'suffix', 'full_name']
const nameWins = (target: string, incoming: string) =>
  `((${NAME_FIELDS.map((c) => `${incoming}.${c} IS DISTINCT FROM ${target}.${c}`).join(' OR ')})
     AND (${incoming}.name_confidence, ${incoming}.name_seen_at) >= (COALESCE(${target}.name_confidence, 0), COALESCE(${target}.name_seen_at, '-infinity'))
   OR (${NAME_FIELDS.map((c) => `${incoming}.${c} IS NOT DISTINCT FROM ${target}.${c}`).join(' AND ')}
     AND ${incoming}.name_confidence > COALESCE(${target}.name_confidence, 0)))`

export const UPSERT_IDENTITIES = `
  WITH names AS (
    SELECT DISTINCT ON (identity_hash) identity_hash, first_name, middle_name, last_name, suffix, full_name
      FROM stg_person ORDER BY identity_hash, row_no DESC, ord DESC),
  scalars AS (
    SELECT identity_hash, ${IDENTITY_SCALARS.map((f) => `${lastValue(f.column)} AS ${f.column}`).join(', ')}
      FROM stg_person GROUP BY identity_hash)
  INSERT INTO identities (id, organization_id, identity_hash, first_name, middle_name, last_name, suffix, full_name,
                          name_confidence, name_seen_at, ${pairColumns(IDENTITY_SCALARS)}, last_extraction_id, created_at)
  SELECT gen_random_uuid(), :org::uuid, n.identity_hash, n.first_name, n.middle_name, n.last_name, n.suffix, n.full_name,
         :confidence::real, :seenAt::timestamptz, ${IDENTITY_SCALARS.map((f) => withPair(f, 's')).join(', ')}, :extraction::uuid, now()
    FROM names n JOIN scalars s USING (identity_hash)
   ORDER BY n.identity_hash
  ON CONFLICT (organization_id, identity_hash) DO UPDATE SET
    ${[...NAME_FIELDS, 'name_confidence', 'name_seen_at']
      .map((c) => `${c} = CASE WHEN ${nameWins('identities', 'EXCLUDED')} THEN EXCLUDED.${c} ELSE identities.${c} END`)
      .join(',\n    ')},
    ${resolvedSet('identities', 'EXCLUDED', IDENTITY_SCALARS)},
    last_extraction_id = EXCLUDED.last_extraction_id
  WHERE identities.last_extraction_id IS DISTINCT FROM EXCLUDED.last_extraction_id
     OR ${nameWins('identities', 'EXCLUDED')} OR ${anyWins('identities', 'EXCLUDED', IDENTITY_SCALARS)}`

/**
 * One index probe per new identity, as a correlated subquery on purpose: as a join, the
 * planner reads the organization's identities as ~1 row when the statistics predate the
 * import (a new organization, or any import that outgrows them) and nests a scan of
 * t_ident inside a scan of identities: 20k × 20k rows, 78 s for one chunk (bench/import).
 */
export const MAP_IDENTITIES = `
  UPDATE t_ident SET id = (SELECT i.id FROM identities i WHERE i.organization_id = :org::uuid AND i.identity_hash = t_ident.identity_hash)
   WHERE t_ident.id IS NULL`

/** Enrichment: the identity each row's person matches, by identity hash, else by a phone that belongs to exactly one identity. */
export const MATCH_IDENTITIES = `
  CREATE TEMP TABLE t_match ON COMMIT DROP AS
  WITH by_hash AS (
    SELECT p.row_no, p.ord, i.id AS identity_id
      FROM stg_person p JOIN identities i ON i.organization_id = :org::uuid AND i.identity_hash = p.identity_hash),
  by_phone AS (
    SELECT c.row_no, c.ord, min(ip.identity_id::text)::uuid AS identity_id
      FROM stg_contact c
      JOIN phone_numbers pn ON pn.e164 = c.value
      JOIN identity_phones ip ON ip.phone_id = pn.id
      JOIN identities i ON i.id = ip.identity_id AND i.organization_id = :org::uuid
     WHERE c.kind = 'p'
     GROUP BY c.row_no, c.ord HAVING count(DISTINCT ip.identity_id) = 1)
  SELECT COALESCE(h.row_no, b.row_no) AS row_no, COALESCE(h.ord, b.ord) AS ord, COALESCE(h.identity_id, b.identity_id) AS identity_id
    FROM by_hash h FULL JOIN by_phone b ON b.row_no = h.row_no AND b.ord = h.ord`

/** Identities this chunk matched that no earlier chunk of the extraction did (ENRICH_IDENTITIES marks them next). */
export const COUNT_NEWLY_MATCHED_IDENTITIES = `
  SELECT count(DISTINCT m.identity_id)::int AS matched
    FROM t_match m JOIN identities i ON i.id = m.identity_id
   WHERE i.last_extraction_id IS DISTINCT FROM :extraction::uuid`

export const ENRICH_IDENTITIES = `
  WITH c0 AS (
    SELECT m.identity_id, ${IDENTITY_SCALARS.map((f) => `(array_agg(p.${f.column} ORDER BY p.row_no DESC) FILTER (WHERE p.${f.column} IS NOT NULL))[1] AS ${f.column}`).join(', ')}
      FROM t_match m JOIN stg_person p ON p.row_no = m.row_no AND p.ord = m.ord GROUP BY m.identity_id),
  c AS (SELECT c0.identity_id, ${IDENTITY_SCALARS.map((f) => pairSelect(f, 'c0')).join(', ')} FROM c0)
  UPDATE identities SET
    ${resolvedSet('identities', 'c', IDENTITY_SCALARS)},
    last_extraction_id = :extraction::uuid
    FROM c
   WHERE identities.id = c.identity_id
     AND (identities.last_extraction_id IS DISTINCT FROM :extraction::uuid OR ${anyWins('identities', 'c', IDENTITY_SCALARS)})`

/**
 * (row, person) → identity for the links: universe imports through the
 * identities they upserted, enrichment through the ones they matched.
 */
export const SUBJECTS_FROM_IDENTITIES = `
  CREATE TEMP TABLE t_subject ON COMMIT DROP AS
  SELECT p.row_no, p.ord, t.id AS identity_id FROM stg_person p JOIN t_ident t USING (identity_hash)`

export const SUBJECTS_FROM_MATCHES = `
  CREATE TEMP TABLE t_subject ON COMMIT DROP AS SELECT row_no, ord, identity_id FROM t_match`

export const INSERT_PHONE_NUMBERS = `
  INSERT INTO phone_numbers (id, e164, created_at)
  SELECT gen_random_uuid(), v.value, now()
    FROM (SELECT DISTINCT c.value FROM stg_contact c JOIN t_subject s ON s.row_no = c.row_no AND s.ord = c.ord WHERE c.kind = 'p') v
   ORDER BY v.value
  ON CONFLICT (e164) DO NOTHING`

export const INSERT_EMAIL_ADDRESSES = `
  INSERT INTO email_addresses (id, organization_id, address, created_at)
  SELECT gen_random_uuid(), :org::uuid, v.value, now()
    FROM (SELECT DISTINCT c.value FROM stg_contact c JOIN t_subject s ON s.row_no = c.row_no AND s.ord = c.ord WHERE c.kind = 'e') v
   ORDER BY v.value
  ON CONFLICT (organization_id, address) DO NOTHING`

/** Links with provenance (first sighting); a later import seeing one again only moves last_seen_at. */
export const LINK_PHONES = `
  WITH ins AS (
    INSERT INTO identity_phones (identity_id, phone_id, position, source, confidence, import_file_id, row_no, source_column, created_at, last_seen_at)
    SELECT DISTINCT ON (s.identity_id, pn.id) s.identity_id, pn.id, c.position, :source, :confidence::real, :file::uuid, c.row_no, c.source_column, now(), :seenAt::timestamptz
      FROM stg_contact c
      JOIN t_subject s ON s.row_no = c.row_no AND s.ord = c.ord
      JOIN phone_numbers pn ON pn.e164 = c.value
     WHERE c.kind = 'p'
     ORDER BY s.identity_id, pn.id, c.row_no, c.position
    ON CONFLICT (identity_id, phone_id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
     WHERE identity_phones.last_seen_at < EXCLUDED.last_seen_at
    RETURNING (xmax = 0) AS inserted)
  SELECT count(*) FILTER (WHERE inserted)::int AS added FROM ins`

export const LINK_EMAILS = `
  WITH ins AS (
    INSERT INTO identity_emails (identity_id, email_id, position, source, confidence, import_file_id, row_no, source_column, created_at, last_seen_at)
    SELECT DISTINCT ON (s.identity_id, ea.id) s.identity_id, ea.id, c.position, :source, :confidence::real, :file::uuid, c.row_no, c.source_column, now(), :seenAt::timestamptz
      FROM stg_contact c
      JOIN t_subject s ON s.row_no = c.row_no AND s.ord = c.ord
      JOIN email_addresses ea ON ea.organization_id = :org::uuid AND ea.address = c.value
     WHERE c.kind = 'e'
     ORDER BY s.identity_id, ea.id, c.row_no, c.position
    ON CONFLICT (identity_id, email_id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
     WHERE identity_emails.last_seen_at < EXCLUDED.last_seen_at
    RETURNING (xmax = 0) AS inserted)
  SELECT count(*) FILTER (WHERE inserted)::int AS added FROM ins`

export const LINK_PROPERTIES = `
  INSERT INTO identity_properties (identity_id, property_id, role, source, confidence, import_file_id, row_no, source_column, created_at, last_seen_at)
  SELECT DISTINCT ON (s.identity_id, tp.id, a.role) s.identity_id, tp.id, a.role, :source, :confidence::real, :file::uuid, a.row_no, a.source_column, now(), :seenAt::timestamptz
    FROM t_subject s
    JOIN stg_address a ON a.row_no = s.row_no AND (a.role = 'owner' OR s.ord = 0)
    JOIN t_prop tp ON tp.property_hash = a.property_hash
   ORDER BY s.identity_id, tp.id, a.role, a.row_no
  ON CONFLICT (identity_id, property_id, role) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
   WHERE identity_properties.last_seen_at < EXCLUDED.last_seen_at`

/** Universe: one lead per (identity, vertical, property) of :vertical. Returns created and matched counts. */
export const UPSERT_LEADS = `
  WITH wanted AS (
    SELECT DISTINCT ON (s.identity_id, tp.id) s.identity_id, tp.id AS property_id, a.row_no
      FROM t_subject s
      JOIN stg_address a ON a.row_no = s.row_no AND a.role = 'owner'
      JOIN t_prop tp ON tp.property_hash = a.property_hash
     ORDER BY s.identity_id, tp.id, a.row_no),
  created AS (
    INSERT INTO leads (id, organization_id, identity_id, vertical_id, property_id, status, tags, import_file_id, row_no, created_at, updated_at)
    SELECT gen_random_uuid(), :org::uuid, w.identity_id, :vertical::uuid, w.property_id, 'new', '{}', :file::uuid, w.row_no, now(), now()
      FROM wanted w ORDER BY w.identity_id, w.property_id
    ON CONFLICT (identity_id, vertical_id, property_id) DO NOTHING
    RETURNING id, row_no),
  created_events AS (
    INSERT INTO lead_events (organization_id, lead_id, kind, import_file_id, extraction_id, row_no, created_at)
    SELECT :org::uuid, id, 'created', :file::uuid, :extraction::uuid, row_no, now() FROM created ORDER BY id
    ON CONFLICT (lead_id, extraction_id, kind) DO NOTHING
    RETURNING lead_id),
  matched_events AS (
    INSERT INTO lead_events (organization_id, lead_id, kind, import_file_id, extraction_id, row_no, created_at)
    SELECT :org::uuid, l.id, 'matched', :file::uuid, :extraction::uuid, w.row_no, now()
      FROM wanted w
      JOIN leads l ON l.identity_id = w.identity_id AND l.vertical_id = :vertical::uuid AND l.property_id = w.property_id
     WHERE NOT EXISTS (SELECT 1 FROM lead_events e WHERE e.lead_id = l.id AND e.extraction_id = :extraction::uuid AND e.kind = 'created')
     ORDER BY l.id
    ON CONFLICT (lead_id, extraction_id, kind) DO NOTHING
    RETURNING lead_id)
  SELECT (SELECT count(*) FROM created_events)::int AS created, (SELECT count(*) FROM matched_events)::int AS matched`

/** Enrichment: an `enriched` event for every lead whose identity or property the chunk matched. */
export const ENRICHED_LEAD_EVENTS = `
  WITH touched AS (
    SELECT l.id, s.row_no FROM t_subject s JOIN leads l ON l.identity_id = s.identity_id
    UNION ALL
    SELECT l.id, a.row_no FROM stg_address a JOIN t_prop tp ON tp.property_hash = a.property_hash JOIN leads l ON l.property_id = tp.id
     WHERE a.role = 'owner'),
  first_rows AS (SELECT id, min(row_no) AS row_no FROM touched GROUP BY id),
  ins AS (
    INSERT INTO lead_events (organization_id, lead_id, kind, import_file_id, extraction_id, row_no, created_at)
    SELECT :org::uuid, id, 'enriched', :file::uuid, :extraction::uuid, row_no, now() FROM first_rows ORDER BY id
    ON CONFLICT (lead_id, extraction_id, kind) DO NOTHING
    RETURNING lead_id)
  SELECT count(*)::int AS enriched FROM ins`

/** Enrichment rows that matched nothing are reported as row errors, not lost. */
export const REPORT_UNMATCHED = `
  WITH rows AS (SELECT row_no FROM stg_person UNION SELECT row_no FROM stg_contact UNION SELECT row_no FROM stg_address),
  ins AS (
    INSERT INTO import_row_errors (import_file_id, extraction_id, row_no, source_column, kind, value, message)
    SELECT :file::uuid, :extraction::uuid, r.row_no, NULL, 'unmatched', NULL,
           'Matched no identity (by name and address, or by phone) and no property of the organization'
      FROM rows r
     WHERE NOT EXISTS (SELECT 1 FROM t_match m WHERE m.row_no = r.row_no)
       AND NOT EXISTS (SELECT 1 FROM stg_address a JOIN t_prop tp ON tp.property_hash = a.property_hash WHERE a.row_no = r.row_no AND a.role = 'owner')
     ORDER BY r.row_no
    RETURNING 1)
  SELECT count(*)::int AS unmatched FROM ins`

/**
 * Compliance: every number of the file is an append-only consent event with
 * the file as evidence (:kind, :scope, the file's :sha256, the :actorType,
 * :actorId and :actorLabel of the import). The evidence key (scope,
 * organization, kind, number, file hash, row, column) makes a re-run add nothing.
 */
export const INSERT_CONSENT_EVENTS = `
  WITH e AS (
    SELECT DISTINCT ON (key) *
      FROM (SELECT c.value, c.row_no, c.source_column,
                   encode(sha256(convert_to(concat_ws('|', 'import', :scope::text, CASE WHEN :scope::text = 'platform' THEN 'platform' ELSE :org::text END,
                          :kind::text, c.value, :sha256::text, c.row_no::text, c.source_column), 'UTF8')), 'hex') AS key
              FROM stg_contact c WHERE c.kind = 'p') k
     ORDER BY key),
  ins AS (
    INSERT INTO consent_events (organization_id, scope, kind, e164, source, evidence, evidence_key, actor_type, actor_id, actor_label, created_at)
    SELECT CASE WHEN :scope::text = 'platform' THEN NULL ELSE :org::uuid END, :scope::"ConsentScope", :kind::"ConsentKind", e.value, 'import',
           jsonb_build_object('importFileId', :file::uuid, 'extractionId', :extraction::uuid, 'sha256', :sha256::text, 'rowNo', e.row_no, 'column', e.source_column),
           e.key, :actorType::"AuditActorType", :actorId::text, :actorLabel::text, now()
      FROM e ORDER BY e.key
    ON CONFLICT (evidence_key) DO NOTHING
    RETURNING 1)
  SELECT count(*)::int AS added, (SELECT count(*) FROM e)::int AS seen FROM ins`

/** `:name` placeholders to `$n` and the matching parameter list (a statement binds only what it uses). */
export function bindNamed(text: string, values: Record<string, unknown>): { text: string; values: unknown[] } {
  const order: string[] = []
  const bound = text.replace(/(?<![:\w]):([a-zA-Z]\w*)/g, (_match, name: string) => {
    if (!(name in values)) throw new Error(`No value for :${name}`)
    let index = order.indexOf(name)
    if (index < 0) index = order.push(name) - 1
    return `$${index + 1}`
  })
  return { text: bound, values: order.map((name) => values[name]) }
}
