import type { Actor } from '~/modules/audit/actor'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { startImport } from './start-import.server'
import { AUTO_PARSER, type StartImportForm } from './start-import-schema'

/**
 * The upload page's "Start the import" form, handed to `startImport` (the module the API calls): the
 * parser choice `auto` means detection, `map:<id>` one of the organization's
 * saved column maps (generic CSV), anything else a parser key. Fields that
 * do not apply to the class are dropped.
 */
export async function startImportFromForm(options: { organizationId: string; actor: Actor; form: StartImportForm }) {
  const { form, organizationId } = options
  let parser: { key: string } | null = null
  let columnMap: unknown = undefined
  if (form.parser.startsWith('map:')) {
    const saved = await prisma.columnMap.findFirst({ where: { id: form.parser.slice(4), organizationId }, select: { map: true } }).catch(() => null)
    if (!saved) throw new AppError('invalid_import', 'No such saved column map.', 422, { fieldErrors: { parser: 'No such saved column map.' } })
    parser = { key: 'generic-csv' }
    columnMap = saved.map
  } else if (form.parser !== AUTO_PARSER) {
    parser = { key: form.parser }
  }
  const started = await startImport({
    organizationId,
    actor: options.actor,
    source: { uploadId: form.uploadId },
    class: form.class,
    verticalKey: form.class === 'universe' ? form.verticalKey : null,
    complianceKind: form.class === 'compliance' ? form.complianceKind : null,
    parser,
    columnMap,
    rerunOfId: form.rerunOfId ?? null,
  })
  return started.import
}
