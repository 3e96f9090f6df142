import { prisma, Prisma } from '~/utils/db.server'
import { getRequestContext } from '~/utils/request-context.server'
import { actorId, type Actor } from './actor'
import { redactSecrets } from './redact'

type Db = Prisma.TransactionClient | typeof prisma

export type AuditEntry = {
  actor: Actor
  action: string
  target?: { type: string; id: string } | null
  /** Defaults to the actor's organization. */
  organizationId?: string | null
  summary?: Record<string, unknown>
}

/** jsonb refuses \u0000; one stray NUL from vendor data must not sink the audited change. */
function withoutNulCharacters(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? {}, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '') : v)))
}

/** The columns of the audit row `entry` stands for, as every writer stores them. */
export function auditRowData(entry: AuditEntry) {
  const { actor } = entry
  const context = getRequestContext()
  return {
    organizationId: entry.organizationId !== undefined ? entry.organizationId : (actor.organizationId ?? null),
    actorType: actor.type,
    actorId: actorId(actor),
    actorLabel: actor.label,
    impersonatorId: actor.type === 'user' ? (actor.impersonatorId ?? null) : null,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    requestId: actor.requestId ?? context?.requestId ?? null,
    ip: actor.ip ?? null,
    summary: withoutNulCharacters(redactSecrets(entry.summary ?? {})) as Prisma.InputJsonValue,
  }
}

/** Writes one audit row with `db` (pass the transaction the mutation runs in). */
export async function recordAudit(db: Db, entry: AuditEntry) {
  await db.auditLog.create({ data: auditRowData(entry) })
}

/**
 * The one way to mutate: runs `mutation` in a transaction and writes its
 * audit row in the same transaction, so either both happen or neither does.
 * The mutation returns its result plus what the audit row should say.
 */
export async function withAudit<T>(
  base: Omit<AuditEntry, 'summary' | 'target'> & { target?: AuditEntry['target'] },
  mutation: (tx: Prisma.TransactionClient) => Promise<{
    result: T
    summary?: Record<string, unknown>
    target?: AuditEntry['target']
    organizationId?: string | null
  }>,
  /** A transaction the caller already holds, so several audited mutations commit or roll back together. */
  options: { db?: Prisma.TransactionClient } = {},
): Promise<T> {
  const run = async (tx: Prisma.TransactionClient) => {
    const outcome = await mutation(tx)
    await recordAudit(tx, {
      ...base,
      target: outcome.target ?? base.target,
      organizationId: outcome.organizationId !== undefined ? outcome.organizationId : base.organizationId,
      summary: outcome.summary,
    })
    return outcome.result
  }
  return options.db ? run(options.db) : prisma.$transaction(run)
}
