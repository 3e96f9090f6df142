import { createImport, listImports } from '~/api/imports.server'
import { listImports as readImports } from '~/modules/ingest/list-imports.server'
import { startImport, type StartImportSource } from '~/modules/ingest/start-import.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'
import { AppError } from '~/utils/app-error'
import { getEnv } from '~/utils/env.server'

function parseColumnMap(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new AppError('invalid_import', 'columnMap must be JSON text, e.g. {"Owner":"full_name"}.', 422, { fieldErrors: { columnMap: 'Not JSON.' } })
  }
}

export const { loader, action } = apiRoute(
  handle(listImports, async ({ auth, query }) => ({
    status: 200,
    body: await readImports({ organizationId: auth.organization.id, limit: query.limit, cursor: query.cursor }),
  })),
  handle(createImport, async ({ auth, body }) => {
    let source: StartImportSource
    let fields: { class: 'universe' | 'enrichment' | 'compliance'; verticalKey?: string; complianceKind?: string; rerunOf?: string }
    let parser: { key: string; version?: number } | undefined
    let columnMap: unknown
    if (body.type === 'multipart') {
      const { file, parser: parserKey, parserVersion, columnMap: mapText, ...rest } = body.data
      const limit = getEnv().UPLOAD_MAX_BYTES
      if (file.size > limit) throw new AppError('payload_too_large', `A file may be at most ${limit.toLocaleString('en-US')} bytes.`, 413, { maxBytes: limit })
      source = { file: { filename: file.filename, byteSize: file.size, stream: () => file.stream() } }
      fields = rest
      parser = parserKey ? { key: parserKey, version: parserVersion } : undefined
      columnMap = parseColumnMap(mapText)
    } else if ('uploadId' in body.data) {
      const { uploadId, parser: chosen, columnMap: map, ...rest } = body.data
      source = { uploadId }
      fields = rest
      parser = chosen
      columnMap = map
    } else {
      const { records, filename, parser: chosen, columnMap: map, ...rest } = body.data
      source = { records, filename }
      fields = rest
      parser = chosen
      columnMap = map
    }
    const started = await startImport({
      organizationId: auth.organization.id,
      actor: auth.actor,
      source,
      class: fields.class,
      verticalKey: fields.verticalKey,
      complianceKind: fields.complianceKind,
      rerunOfId: fields.rerunOf,
      parser,
      columnMap,
    })
    return { status: 202, body: started, headers: { Location: `/api/v1/imports/${started.import.id}` } }
  }),
)
