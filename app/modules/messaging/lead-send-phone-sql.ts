/**
 * The number a send to a lead uses, as an SQL scalar subquery over the
 * identity in `identityColumn`: its first phone that is not a landline, by
 * position, confidence and age. One definition, so a dry run counts the
 * very numbers queueSends would text.
 */
export const leadSendPhoneSql = (identityColumn: string) => `(
  SELECT pn.e164 FROM identity_phones ip JOIN phone_numbers pn ON pn.id = ip.phone_id
   WHERE ip.identity_id = ${identityColumn}
   ORDER BY (pn.line_type IS NOT DISTINCT FROM 'landline'), ip.position, ip.confidence DESC, ip.created_at
   LIMIT 1)`
