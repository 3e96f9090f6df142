-- CreateTable
CREATE TABLE "consent_status" (
    "subject" TEXT NOT NULL,
    "e164" TEXT NOT NULL,
    "revoked_event_id" BIGINT,
    "revoked_kind" "ConsentKind",
    "revoked_at" TIMESTAMPTZ(3),
    "restored_event_id" BIGINT,
    "restored_at" TIMESTAMPTZ(3),
    "consent_event_id" BIGINT,
    "consent_at" TIMESTAMPTZ(3),
    "dnc_listed_event_id" BIGINT,
    "dnc_listed_at" TIMESTAMPTZ(3),
    "litigator_listed_event_id" BIGINT,
    "litigator_listed_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "consent_status_pkey" PRIMARY KEY ("subject","e164")
);


-- consent_status is derived from consent_events and from nothing else
-- (docs/decisions/038): a statement trigger folds each statement's new events
-- in, in the same transaction, through a SECURITY DEFINER function owned by
-- the migration role; the app role may only read the table
-- (app/utils/app-role-privileges.server.ts). Each meaning keeps its latest
-- event (the larger id); folding is commutative, so concurrent statements
-- about the same number converge whatever their order. Only an opt-in that
-- is not from an import (a START, an operator or API call with evidence)
-- lifts a revocation: a consent grant or an imported opt-in list, often
-- older than the STOP it would override, never does.
CREATE FUNCTION "consent_status_apply"(events public."consent_events"[]) RETURNS void
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
           max(id) FILTER (WHERE kind = 'litigator_listed') AS litigator_id
      FROM e GROUP BY subject, e164)
  INSERT INTO public."consent_status" AS s (subject, e164, revoked_event_id, revoked_kind, revoked_at, restored_event_id, restored_at,
                                     consent_event_id, consent_at, dnc_listed_event_id, dnc_listed_at,
                                     litigator_listed_event_id, litigator_listed_at, updated_at)
  SELECT l.subject, l.e164, l.revoked_id, r.kind, r.created_at, l.restored_id, o.created_at, l.consent_id, c.created_at,
         l.dnc_id, d.created_at, l.litigator_id, t.created_at, now()
    FROM latest l
    LEFT JOIN e r ON r.id = l.revoked_id
    LEFT JOIN e o ON o.id = l.restored_id
    LEFT JOIN e c ON c.id = l.consent_id
    LEFT JOIN e d ON d.id = l.dnc_id
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
    litigator_listed_at = CASE WHEN EXCLUDED.litigator_listed_event_id > COALESCE(s.litigator_listed_event_id, 0) THEN EXCLUDED.litigator_listed_at ELSE s.litigator_listed_at END,
    litigator_listed_event_id = GREATEST(s.litigator_listed_event_id, EXCLUDED.litigator_listed_event_id),
    updated_at = EXCLUDED.updated_at
$$;

-- Only the trigger may fold events in: nobody else may call the function with events of their own.
REVOKE EXECUTE ON FUNCTION "consent_status_apply"(public."consent_events"[]) FROM PUBLIC;

CREATE FUNCTION "consent_status_apply_new_events"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM public."consent_status_apply"(ARRAY(SELECT ROW(e.*)::public."consent_events" FROM new_events e));
  RETURN NULL;
END;
$$;

CREATE TRIGGER "consent_events_fold_into_status"
  AFTER INSERT ON "consent_events" REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION "consent_status_apply_new_events"();

-- An event's id is the order of facts the fold relies on: it comes from the
-- sequence, never from the writer (a forged large id would make an opt-in
-- impossible to revoke). With the column's default, currval is this row's id;
-- a writer that never drew from the sequence fails on currval itself.
CREATE FUNCTION "consent_events_id_from_sequence"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM currval(pg_get_serial_sequence('public.consent_events', 'id')) THEN
    RAISE EXCEPTION 'consent_events ids come from their sequence' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "consent_events_id_from_sequence"
  BEFORE INSERT ON "consent_events"
  FOR EACH ROW EXECUTE FUNCTION "consent_events_id_from_sequence"();

-- A platform event belongs to no organization, an organization's to one.
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_scope_matches_organization"
  CHECK ((scope = 'platform') = (organization_id IS NULL));

-- Events recorded before this migration (compliance imports), 100k at a time.
DO $$
DECLARE
  low bigint;
  high bigint;
BEGIN
  SELECT min(id), max(id) INTO low, high FROM "consent_events";
  WHILE low IS NOT NULL AND low <= high LOOP
    PERFORM "consent_status_apply"(ARRAY(SELECT e FROM "consent_events" e WHERE e.id >= low AND e.id < low + 100000));
    low := low + 100000;
  END LOOP;
END;
$$;

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN "marketing_requires_consent" BOOLEAN;
