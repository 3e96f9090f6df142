/**
 * The number a send to a lead uses, as an SQL scalar subquery over the
 * identity in `identityColumn`: its first phone not known to be a landline
 * (a text to one fails, 30006, and counts against the sender), by position,
 * confidence and age; null when it has none. One definition, so a dry run
 * counts the very numbers queueSends would text.
 */
export const leadSendPhoneSql = (identityColumn: string) => `(
  SELECT pn.e164 FROM identity_phones ip JOIN phone_numbers pn ON pn.id = ip.phone_id
   WHERE ip.identity_id = ${identityColumn} AND pn.line_type IS DISTINCT FROM 'landline'
   ORDER BY ip.position, ip.confidence DESC, ip.created_at
   LIMIT 1)`
