-- AlterTable
ALTER TABLE "consent_status" ADD COLUMN "dnc_delisted_at" TIMESTAMPTZ(3),
ADD COLUMN "dnc_delisted_event_id" BIGINT;

-- The fold (docs/decisions/038) keeps one more meaning: the latest
-- `dnc_delisted` event of the subject. A DNC listing holds while its event id
-- is larger than the delisting's (consent-rules.ts), so a listing after a
-- delisting lists the number again; both ids are folded with GREATEST, and
-- the fold stays commutative. A delisting touches nothing else: an opt-out,
-- complaint, wrong number, litigator listing or consent grant is another
-- meaning, and another subject's (the platform's) listing another row.
CREATE OR REPLACE FUNCTION "consent_status_apply"(events public."consent_events"[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  WITH e AS (
    SELECT (u).*, CASE WHEN (u).scope = 'platform' THEN 'platform' ELSE (u).organization_id::text END AS subject
      FROM unnest(events) AS u),
  latest AS (
    SELECT subject, e164,
           max(id) FILTER (WHERE kind IN ('opt_out', 'complaint', 'wrong_number')) AS revoked_id,
           max(id) FILTER (WHERE kind = 'opt_in' AND source <> 'import') AS restored_id,
           max(id) FILTER (WHERE kind = 'consent_granted') AS consent_id,
           max(id) FILTER (WHERE kind = 'dnc_listed') AS dnc_id,
           max(id) FILTER (WHERE kind = 'dnc_delisted') AS dnc_delisted_id,
           max(id) FILTER (WHERE kind = 'litigator_listed') AS litigator_id
      FROM e GROUP BY subject, e164)
  INSERT INTO public."consent_status" AS s (subject, e164, revoked_event_id, revoked_kind, revoked_at, restored_event_id, restored_at,
                                     consent_event_id, consent_at, dnc_listed_event_id, dnc_listed_at,
                                     dnc_delisted_event_id, dnc_delisted_at,
                                     litigator_listed_event_id, litigator_listed_at, updated_at)
  SELECT l.subject, l.e164, l.revoked_id, r.kind, r.created_at, l.restored_id, o.created_at, l.consent_id, c.created_at,
         l.dnc_id, d.created_at, l.dnc_delisted_id, x.created_at, l.litigator_id, t.created_at, now()
    FROM latest l
    LEFT JOIN e r ON r.id = l.revoked_id
    LEFT JOIN e o ON o.id = l.restored_id
    LEFT JOIN e c ON c.id = l.consent_id
    LEFT JOIN e d ON d.id = l.dnc_id
    LEFT JOIN e x ON x.id = l.dnc_delisted_id
    LEFT JOIN e t ON t.id = l.litigator_id
   ORDER BY l.subject, l.e164
  ON CONFLICT (subject, e164) DO UPDATE SET
    revoked_kind = CASE WHEN EXCLUDED.revoked_event_id > COALESCE(s.revoked_event_id, 0) THEN EXCLUDED.revoked_kind ELSE s.revoked_kind END,
    revoked_at = CASE WHEN EXCLUDED.revoked_event_id > COALESCE(s.revoked_event_id, 0) THEN EXCLUDED.revoked_at ELSE s.revoked_at END,
    revoked_event_id = GREATEST(s.revoked_event_id, EXCLUDED.revoked_event_id),
    restored_at = CASE WHEN EXCLUDED.restored_event_id > COALESCE(s.restored_event_id, 0) THEN EXCLUDED.restored_at ELSE s.restored_at END,
    restored_event_id = GREATEST(s.restored_event_id, EXCLUDED.restored_event_id),
    consent_at = CASE WHEN EXCLUDED.consent_event_id > COALESCE(s.consent_event_id, 0) THEN EXCLUDED.consent_at ELSE s.consent_at END,
    consent_event_id = GREATEST(s.consent_event_id, EXCLUDED.consent_event_id),
    dnc_listed_at = CASE WHEN EXCLUDED.dnc_listed_event_id > COALESCE(s.dnc_listed_event_id, 0) THEN EXCLUDED.dnc_listed_at ELSE s.dnc_listed_at END,
    dnc_listed_event_id = GREATEST(s.dnc_listed_event_id, EXCLUDED.dnc_listed_event_id),
    dnc_delisted_at = CASE WHEN EXCLUDED.dnc_delisted_event_id > COALESCE(s.dnc_delisted_event_id, 0) THEN EXCLUDED.dnc_delisted_at ELSE s.dnc_delisted_at END,
    dnc_delisted_event_id = GREATEST(s.dnc_delisted_event_id, EXCLUDED.dnc_delisted_event_id),
    litigator_listed_at = CASE WHEN EXCLUDED.litigator_listed_event_id > COALESCE(s.litigator_listed_event_id, 0) THEN EXCLUDED.litigator_listed_at ELSE s.litigator_listed_at END,
    litigator_listed_event_id = GREATEST(s.litigator_listed_event_id, EXCLUDED.litigator_listed_event_id),
    updated_at = EXCLUDED.updated_at
$$;

-- CREATE OR REPLACE keeps the function's grants; said again, in case.
REVOKE EXECUTE ON FUNCTION "consent_status_apply"(public."consent_events"[]) FROM PUBLIC;
