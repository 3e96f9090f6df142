import { inngest } from '../../../inngest/client'
import { importRequestedEvent } from '../../../inngest/events'
import type { ImportFile } from '~/generated/prisma/client.ts'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { CONSENT_KINDS, isConsentKind } from './consent-kinds'
import { columnMapSchema } from './parsers/column-map'
import { findParser } from './parsers/registry'

export type ImportSource =
  | { uploadId: string }
  | { storage: string; storageKey: string; filename: string; byteSize: number | bigint; sha256: string }

/**
 * Records an import (audited) and sends `import/requested`; the stage
 * functions take it from there. Validates what can be checked before the
 * file is read: the upload, the vertical of a universe import, the kind of a
 * compliance import, the parser and the shape of a column map (whether the
 * file has the mapped columns is checked once its header is known).
 */
export type CreateImportOptions = {
  organizationId: string
  actor: Actor
  source: ImportSource
  class: 'universe' | 'enrichment' | 'compliance'
  verticalKey?: string | null
  complianceKind?: string | null
  parser?: { key: string; version?: number | null } | null
  columnMap?: unknown
  rerunOfId?: string | null
}

export async function createImport(options: CreateImportOptions): Promise<ImportFile> {
  const { organizationId } = options
  const fieldErrors: Record<string, string> = {}

  let verticalId: string | null = null
  if (options.class === 'universe') {
    if (!options.verticalKey) fieldErrors.verticalKey = 'A universe import needs the vertical its leads belong to.'
    else {
      const vertical = await prisma.vertical.findUnique({ where: { organizationId_key: { organizationId, key: options.verticalKey } } })
      if (!vertical) fieldErrors.verticalKey = `The organization has no vertical "${options.verticalKey}".`
      verticalId = vertical?.id ?? null
    }
  }
  if (options.class === 'compliance' && !isConsentKind(options.complianceKind)) {
    fieldErrors.complianceKind = `A compliance import needs its kind: one of ${CONSENT_KINDS.join(', ')}.`
  }
  if (options.parser) {
    const parser = findParser(options.parser.key, options.parser.version)
    if (!parser) fieldErrors.parser = `No parser "${options.parser.key}"${options.parser.version ? ` version ${options.parser.version}` : ''}.`
    else if (parser.key === 'generic-csv' && !options.columnMap) fieldErrors.columnMap = 'The generic CSV parser needs a column map.'
  }
  let columnMap: Record<string, string> | null = null
  if (options.columnMap) {
    const parsed = columnMapSchema.safeParse(options.columnMap)
    if (!parsed.success) fieldErrors.columnMap = parsed.error.issues.map((i) => i.message).join('; ')
    else columnMap = parsed.data
  }

  let file: { uploadId: string | null; storage: string; storageKey: string; filename: string; byteSize: bigint; sha256: string }
  if ('uploadId' in options.source) {
    const upload = await prisma.upload.findFirst({ where: { id: options.source.uploadId, organizationId } })
    if (!upload) throw new AppError('upload_not_found', 'No such upload in this organization', 404)
    if (upload.status !== 'complete' || !upload.sha256) throw new AppError('upload_incomplete', 'The upload has not finished', 409)
    file = { uploadId: upload.id, storage: upload.storage, storageKey: upload.storageKey, filename: upload.filename, byteSize: upload.byteSize, sha256: upload.sha256 }
  } else {
    const source = options.source
    if (!/^[0-9a-f]{64}$/.test(source.sha256)) fieldErrors.sha256 = 'The SHA-256 must be 64 hex digits.'
    file = { uploadId: null, storage: source.storage, storageKey: source.storageKey, filename: source.filename, byteSize: BigInt(source.byteSize), sha256: source.sha256 }
  }
  if (options.rerunOfId) {
    const original = await prisma.importFile.findFirst({ where: { id: options.rerunOfId, organizationId }, select: { id: true } })
    if (!original) fieldErrors.rerunOfId = 'No such import in this organization.'
  }
  if (Object.keys(fieldErrors).length > 0) {
    throw new AppError('invalid_import', Object.values(fieldErrors).join(' '), 422, { fieldErrors })
  }

  const actor = options.actor
  const importFile = await withAudit({ actor, action: 'import.created', organizationId }, async (tx) => {
    const created = await tx.importFile.create({
      data: {
        organizationId,
        ...file,
        rerunOfId: options.rerunOfId ?? null,
        class: options.class,
        verticalId,
        complianceKind: options.class === 'compliance' ? options.complianceKind! : null,
        parserKey: columnMap ? 'generic-csv' : (options.parser?.key ?? null),
        parserVersion: options.parser?.version ?? null,
        columnMap: columnMap ?? undefined,
        createdByUserId: actor.type === 'user' ? actor.userId : null,
        createdByApiKeyId: actor.type === 'api_key' ? actor.apiKeyId : null,
      },
    })
    return {
      result: created,
      target: { type: 'import', id: created.id },
      summary: {
        after: {
          filename: created.filename,
          class: created.class,
          vertical: options.verticalKey ?? null,
          complianceKind: created.complianceKind,
          parser: created.parserKey,
          sha256: created.sha256,
          rerunOf: created.rerunOfId,
        },
      },
    }
  })
  await inngest.send(importRequestedEvent(importFile, 'created', importFile.id))
  return importFile
}
