import type { ConsentStandingName } from '~/modules/compliance/consent-rules'
import { leadSendPhoneSql } from '~/modules/messaging/lead-send-phone-sql'
import { Prisma } from '~/utils/db.server'
import type { LeadFilter } from './lead-filter'

/**
 * The SQL conditions of a lead filter, on `leads l` (with `properties p`
 * joined when a condition needs the property). Each condition is one the
 * indexes answer or one cheap per row checked in keyset order:
 * - `q`: word similarity (pg_trgm `<%`) against the owner's name and the
 *   street line, through their GIN trigram indexes; the matching identities
 *   and properties become id arrays the leads' own indexes look up (a
 *   BitmapOr), so a rare name does not scan the organization's leads;
 * - `zip` (properties by organization and ZIP), `tag` (GIN on tags) and
 *   `importFileId` have their indexes; status, grade, state, city, year
 *   built, equity and when the lead was last texted (from_to_history, by
 *   its numbers) are checked per row while walking the keyset;
 * - `consent` is checked per row too: the lead's send number (its identity's
 *   phones, by the primary key), then that number's two consent_status rows
 *   (the organization's and the platform's) by their primary key (subject,
 *   e164): three index probes a lead. A value few leads have walks much of
 *   the keyset to fill a page, as `contactedWithinDays` does; starting from
 *   consent_status instead would need the platform's lists (every
 *   organization's) joined to this organization's phones.
 */
export function leadFilterSql(organizationId: string, filter: LeadFilter): { joinProperty: boolean; where: Prisma.Sql } {
  const conditions: Prisma.Sql[] = []
  let joinProperty = false
  const property = (condition: Prisma.Sql) => {
    joinProperty = true
    conditions.push(condition)
  }
  if (filter.q) {
    conditions.push(Prisma.sql`(
      l.identity_id = ANY(ARRAY(SELECT i.id FROM identities i WHERE i.organization_id = ${organizationId}::uuid AND ${filter.q} <% i.full_name))
      OR l.property_id = ANY(ARRAY(SELECT pq.id FROM properties pq WHERE pq.organization_id = ${organizationId}::uuid AND ${filter.q} <% pq.line1)))`)
  }
  if (filter.status?.length) conditions.push(Prisma.sql`l.status::text = ANY(${filter.status}::text[])`)
  if (filter.grade?.length) conditions.push(Prisma.sql`l.grade = ANY(${filter.grade}::text[])`)
  if (filter.verticalId) conditions.push(Prisma.sql`l.vertical_id = ${filter.verticalId}::uuid`)
  if (filter.tag) conditions.push(Prisma.sql`l.tags @> ARRAY[${filter.tag}]::text[]`)
  if (filter.importFileId) conditions.push(Prisma.sql`l.import_file_id = ${filter.importFileId}::uuid`)
  if (filter.hasMobile !== undefined) {
    const mobile = Prisma.sql`EXISTS (SELECT 1 FROM identity_phones ip JOIN phone_numbers n ON n.id = ip.phone_id
                                      WHERE ip.identity_id = l.identity_id AND n.line_type IS DISTINCT FROM 'landline')`
    conditions.push(filter.hasMobile ? mobile : Prisma.sql`NOT ${mobile}`)
  }
  if (filter.contactedWithinDays !== undefined || filter.notContactedForDays !== undefined) {
    const textedWithin = (days: number) => Prisma.sql`EXISTS (
      SELECT 1 FROM identity_phones ip JOIN phone_numbers n ON n.id = ip.phone_id
        JOIN from_to_history h ON h.organization_id = ${organizationId}::uuid AND h.to_e164 = n.e164
       WHERE ip.identity_id = l.identity_id AND h.last_sent_at > now() - make_interval(days => ${days}::int))`
    if (filter.contactedWithinDays !== undefined) conditions.push(textedWithin(filter.contactedWithinDays))
    if (filter.notContactedForDays !== undefined) conditions.push(Prisma.sql`NOT ${textedWithin(filter.notContactedForDays)}`)
  }
  if (filter.consent?.length) conditions.push(consentCondition(organizationId, filter.consent))
  if (filter.zip) {
    conditions.push(Prisma.sql`l.property_id = ANY(ARRAY(SELECT pz.id FROM properties pz WHERE pz.organization_id = ${organizationId}::uuid AND pz.postal_code = ${filter.zip}))`)
  }
  if (filter.state) property(Prisma.sql`p.state = ${filter.state}`)
  if (filter.city) property(Prisma.sql`lower(p.city) = lower(${filter.city})`)
  if (filter.yearBuiltMin !== undefined) property(Prisma.sql`p.year_built >= ${filter.yearBuiltMin}`)
  if (filter.yearBuiltMax !== undefined) property(Prisma.sql`p.year_built <= ${filter.yearBuiltMax}`)
  if (filter.equityPercentMin !== undefined) property(Prisma.sql`p.equity_percent >= ${filter.equityPercentMin}`)
  return { joinProperty, where: conditions.length ? Prisma.sql`AND ${Prisma.join(conditions, ' AND ')}` : Prisma.empty }
}

/**
 * consent-rules.ts `consentStandings` in SQL, on the organization's row `so`
 * and the platform's row `sp` of one number (either may be missing: every
 * test is `IS TRUE`, so a missing row never matches by a NULL). A test in
 * lead-filter.integration.test.ts holds the two together.
 */
const revokedAs = (s: string, kinds: 'opt_out' | 'complaint' | 'wrong_number') =>
  kinds === 'opt_out'
    ? `(${s}.revoked_event_id > COALESCE(${s}.restored_event_id, 0) AND COALESCE(${s}.revoked_kind::text, '') NOT IN ('complaint', 'wrong_number')) IS TRUE`
    : `(${s}.revoked_event_id > COALESCE(${s}.restored_event_id, 0) AND ${s}.revoked_kind::text = '${kinds}') IS TRUE`
const either = (test: (s: string) => string) => `(${test('so')} OR ${test('sp')})`
const IN_FORCE: Record<Exclude<ConsentStandingName, 'clear'>, string> = {
  opted_out: either((s) => revokedAs(s, 'opt_out')),
  complaint: either((s) => revokedAs(s, 'complaint')),
  wrong_number: either((s) => revokedAs(s, 'wrong_number')),
  litigator_listed: either((s) => `(${s}.litigator_listed_event_id IS NOT NULL)`),
  dnc_listed: either((s) => `(${s}.dnc_listed_event_id > COALESCE(${s}.dnc_delisted_event_id, 0)) IS TRUE`),
  consented: `(so.consent_event_id > COALESCE(so.revoked_event_id, 0)) IS TRUE`,
}
const CLEAR = `NOT (${Object.values(IN_FORCE).join(' OR ')})`

function consentCondition(organizationId: string, values: readonly ConsentStandingName[]): Prisma.Sql {
  const tests = [...new Set(values)].map((value) => (value === 'clear' ? CLEAR : IN_FORCE[value]))
  return Prisma.sql`EXISTS (
    SELECT 1 FROM (SELECT ${Prisma.raw(leadSendPhoneSql('l.identity_id'))} AS e164) n
      LEFT JOIN consent_status so ON so.subject = ${organizationId}::uuid::text AND so.e164 = n.e164
      LEFT JOIN consent_status sp ON sp.subject = 'platform' AND sp.e164 = n.e164
     WHERE n.e164 IS NOT NULL AND (${Prisma.raw(tests.join(' OR '))}))`
}
