import { z } from 'zod'
import { CONSENT_KINDS } from './consent-kinds'

export const IMPORT_CLASSES = ['universe', 'enrichment', 'compliance'] as const

/** `auto`, a parser key, or `map:<saved column map id>` (generic CSV with that map). */
export const AUTO_PARSER = 'auto'

/**
 * The "start an import" form, checked in the browser and again by the
 * server (which then lets createImport check the rest: the vertical exists,
 * the upload is complete, the map fits).
 */
export const startImportSchema = z
  .object({
    uploadId: z.string({ error: 'Upload a file first.' }).min(1).max(200),
    class: z.enum(IMPORT_CLASSES, { error: 'Choose what the file is.' }),
    verticalKey: z.string().max(100).optional(),
    complianceKind: z.enum(CONSENT_KINDS, { error: 'Choose what every number of the file is.' }).optional(),
    parser: z.string().max(200).default(AUTO_PARSER),
    rerunOfId: z.uuid().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.class === 'universe' && !value.verticalKey) {
      ctx.addIssue({ code: 'custom', path: ['verticalKey'], message: 'Choose the vertical its leads belong to.' })
    }
    if (value.class === 'compliance' && !value.complianceKind) {
      ctx.addIssue({ code: 'custom', path: ['complianceKind'], message: 'Choose what every number of the file is.' })
    }
  })

export type StartImportForm = z.infer<typeof startImportSchema>
