import { z } from 'zod'
import 'zod-openapi'
import { defineOperation } from '~/utils/api/operation.server'
import { pageQuery, pageSchema, nextCursorSchema } from '~/utils/api/pagination.server'
import { apiFile } from '~/utils/api/uploaded-file.server'

/**
 * The imports endpoints: start an import from a tus upload, a multipart file
 * or pushed records; follow it (status, progress per stage, counts); page
 * through its row errors; pause, resume or cancel it. The modules are
 * app/modules/ingest/start-import, get-import, list-imports,
 * list-import-row-errors, pause-import, resume-import, cancel-import.
 */

const MAX_RECORDS = 10_000
const RECORDS_MAX_BYTES = 16 * 1024 * 1024
/** The multipart file limit: UPLOAD_MAX_BYTES's default (a smaller configured limit is applied after). */
const MULTIPART_MAX_FILE_BYTES = 2 * 1024 ** 3

const importId = z.uuid().meta({ description: 'The import id.', example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })
const params = z.object({ id: importId })

const IMPORT_NOT_FOUND = { import_not_found: 'no such import in the organization (another organization’s answers the same)' }

const importClass = z.enum(['universe', 'enrichment', 'compliance']).meta({
  description:
    '`universe` builds the lead graph (needs `verticalKey`); `enrichment` only adds to people, phones and properties already there; ' +
    '`compliance` records every number as a consent event of `complianceKind` (opt-out, DNC, …), the file kept as evidence.',
})

const options = {
  class: importClass,
  verticalKey: z.string().max(100).optional().meta({ description: 'Universe imports: the key of the vertical the leads belong to (e.g. `seller`).' }),
  complianceKind: z
    .string()
    .max(100)
    .optional()
    .meta({ description: 'Compliance imports: what every number is: `opt_out`, `opt_in`, `dnc_listed`, `litigator_listed`, `complaint`, `wrong_number`, `consent_granted`.' }),
  rerunOf: z.uuid().optional().meta({ description: 'An earlier import of the same file (`previousImport.importFileId`) this one runs again.' }),
}

const parser = z
  .object({
    key: z.string().max(100).meta({ description: '`property-export`, `contact-export` or `generic-csv`.' }),
    version: z.int().min(1).optional().meta({ description: 'Omit for the newest version.' }),
  })
  .strict()
  .meta({ description: 'The parser to use; omitted, it is detected from the header.' })

const columnMap = z
  .record(z.string(), z.string())
  .meta({ description: 'For `generic-csv`: file column → field (`first_name`, `phone`, `property_line1`, …, or `ignore`).', example: { Owner: 'full_name', Cell: 'phone' } })

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()])

const FromUploadSchema = z
  .object({ uploadId: z.string().min(1).max(128).meta({ description: 'A complete tus upload of the organization (see Uploads).' }), ...options, parser: parser.optional(), columnMap: columnMap.optional() })
  .strict()
  .meta({ id: 'ImportFromUpload', title: 'From a tus upload' })

const FromRecordsSchema = z
  .object({
    records: z
      .array(z.record(z.string(), cell))
      .min(1)
      .max(MAX_RECORDS)
      .meta({
        description: `Rows as objects (column → value), at most ${MAX_RECORDS.toLocaleString('en-US')}. They become one UTF-8 CSV file whose header is every key in the order first seen.`,
      }),
    filename: z.string().max(255).optional().meta({ description: 'A name for the file the records become.' }),
    ...options,
    parser: parser.optional(),
    columnMap: columnMap.optional(),
  })
  .strict()
  .meta({ id: 'ImportFromRecords', title: 'From pushed records' })

const MultipartSchema = z.object({
  file: apiFile({ description: 'The CSV (or TSV, semicolon- or pipe-separated) file.' }),
  class: importClass,
  verticalKey: options.verticalKey,
  complianceKind: options.complianceKind,
  rerunOf: options.rerunOf,
  parser: z.string().max(100).optional().meta({ description: 'The parser key; omitted, it is detected.' }),
  parserVersion: z.coerce.number().int().min(1).optional().meta({ description: 'The parser version; omitted, the newest.' }),
  columnMap: z.string().max(64 * 1024).optional().meta({ description: 'For `generic-csv`: the column map as JSON text, e.g. `{"Owner":"full_name","Cell":"phone"}`.' }),
}).strict()

const stageProgress = z
  .object({
    done: z.int().min(0),
    total: z.int().min(0).nullable().meta({ description: 'Rows the stage will handle, once known.' }),
    rowsPerSecond: z.number().min(0),
    etaSeconds: z.int().min(0).nullable().meta({ description: 'Seconds left at the current rate, while the stage runs and its total is known.' }),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ImportStageProgress' })

const count = z.int().min(0)

export const ImportSchema = z
  .object({
    id: importId,
    status: z.enum(['queued', 'running', 'paused', 'completed', 'failed', 'cancelled']),
    class: z.enum(['universe', 'enrichment', 'compliance']),
    filename: z.string(),
    byteSize: z.int().min(0),
    sha256: z.string().meta({ description: 'SHA-256 of the file, hex.' }),
    uploadId: z.string().nullable(),
    rerunOfId: z.uuid().nullable(),
    verticalKey: z.string().nullable(),
    complianceKind: z.string().nullable(),
    parser: z.object({ key: z.string(), version: z.int().nullable() }).nullable().meta({ description: 'Null until detected.' }),
    stage: z.enum(['land', 'parse', 'resolve', 'merge', 'record', 'done']).meta({ description: 'The stage running now (`done` at the end).' }),
    progress: z
      .object({
        land: stageProgress.nullable(),
        parse: stageProgress.nullable(),
        resolve: stageProgress.nullable(),
        merge: stageProgress.nullable(),
        record: stageProgress.nullable(),
      })
      .meta({ description: 'Per stage; null for a stage not started.' }),
    counts: z
      .object({
        rows: count,
        emptyRows: count,
        unreadableRows: count.meta({ description: 'Rows kept with a reading error (ragged, unterminated quote).' }),
        newIdentities: count,
        matchedIdentities: count,
        inFileDuplicates: count,
        propertiesAdded: count,
        phonesAdded: count,
        invalidPhones: count,
        emailsAdded: count,
        invalidEmails: count,
        leadsCreated: count,
        leadsMatched: count,
        leadsEnriched: count,
        unmatchedRows: count.meta({ description: 'Enrichment rows that matched nothing.' }),
        consentEvents: count,
        consentEventsAlreadyRecorded: count,
        errorsByType: z.record(z.string(), count).meta({ description: 'Row errors by code (`invalid_phone`, `missing_name`, …).' }),
      })
      .meta({ description: 'Final once `completed`; before that, the running totals.' }),
    error: z.string().nullable().meta({ description: 'Why a failed import failed.' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Import' })

const PreviousImportSchema = z
  .object({ importFileId: z.uuid(), filename: z.string(), status: z.string(), createdAt: z.iso.datetime() })
  .nullable()
  .meta({ description: 'The organization’s latest earlier import of a file with the same SHA-256, or null: pass its id as `rerunOf` to mark a re-run.' })

const stage = (done: number, total: number | null, finished: boolean) => ({
  done,
  total,
  rowsPerSecond: finished ? 48000 : 52000,
  etaSeconds: finished ? null : 3,
  startedAt: '2026-11-29T12:00:05.000Z',
  finishedAt: finished ? '2026-11-29T12:00:30.000Z' : null,
})

const importExample = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  status: 'running',
  class: 'universe',
  filename: 'county-owners.csv',
  byteSize: 52428800,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  uploadId: '2d1f0b6c8e4a4f3b9c7d5e1a0b2c4d6e',
  rerunOfId: null,
  verticalKey: 'seller',
  complianceKind: null,
  parser: { key: 'property-export', version: 1 },
  stage: 'merge',
  progress: { land: stage(250000, 250000, true), parse: stage(250000, 250000, true), resolve: stage(250000, 250000, true), merge: stage(100000, 250000, false), record: null },
  counts: {
    rows: 250000,
    emptyRows: 0,
    unreadableRows: 2,
    newIdentities: 81234,
    matchedIdentities: 402,
    inFileDuplicates: 12004,
    propertiesAdded: 79110,
    phonesAdded: 190321,
    invalidPhones: 2210,
    emailsAdded: 40211,
    invalidEmails: 35,
    leadsCreated: 81234,
    leadsMatched: 402,
    leadsEnriched: 0,
    unmatchedRows: 0,
    consentEvents: 0,
    consentEventsAlreadyRecorded: 0,
    errorsByType: { invalid_phone: 2210, invalid_email: 35 },
  },
  error: null,
  createdAt: '2026-11-29T12:00:00.000Z',
  updatedAt: '2026-11-29T12:00:41.000Z',
  finishedAt: null,
}

const importAnswer = z.object({ import: ImportSchema })

export const createImport = defineOperation({
  operationId: 'createImport',
  method: 'POST',
  path: '/api/v1/imports',
  summary: 'Start an import',
  description: [
    'Imports a file into the organization’s lead graph, in the background: follow it with `GET /api/v1/imports/{id}`. The body is one of:',
    '',
    '- **JSON with `uploadId`**: a complete tus upload (see Uploads), for files of any size up to 2 GB.',
    '- **`multipart/form-data`** with a `file` part and the same fields as text parts (`parser`, `parserVersion`, and `columnMap` as JSON text), for files up to what one request can carry.',
    `- **JSON with \`records\`**: up to ${MAX_RECORDS.toLocaleString('en-US')} rows as objects, for systems that push rows; they become one CSV file.`,
    '',
    'If the organization imported a file with the same SHA-256 before, `previousImport` says which; pass its id as `rerunOf` to mark this a re-run. ' +
      'Send an `Idempotency-Key` so a retry after a lost answer does not start a second import.',
  ].join('\n'),
  tag: 'Imports',
  auth: { scope: 'imports:write' },
  body: {
    json: {
      schema: z.union([FromUploadSchema, FromRecordsSchema]),
      example: { uploadId: '2d1f0b6c8e4a4f3b9c7d5e1a0b2c4d6e', class: 'universe', verticalKey: 'seller' },
      maxBytes: RECORDS_MAX_BYTES,
    },
    multipart: { schema: MultipartSchema, maxFileBytes: MULTIPART_MAX_FILE_BYTES, description: 'A `file` part and the options as text parts.' },
  },
  responses: {
    202: {
      description: 'Accepted: the import is queued.',
      body: z.object({ import: ImportSchema, previousImport: PreviousImportSchema }),
      example: { import: { ...importExample, status: 'queued', stage: 'land', progress: { land: null, parse: null, resolve: null, merge: null, record: null } }, previousImport: null },
      headers: { Location: { description: 'The import: `/api/v1/imports/{id}`.', schema: z.string(), required: true } },
    },
  },
  errors: {
    404: { upload_not_found: 'no such upload in the organization (another organization’s answers the same)' },
    413: { too_many_records: `more than ${MAX_RECORDS.toLocaleString('en-US')} records (\`details.maxRecords\`)` },
    422: {
      invalid_import: 'the options do not fit together: a missing or unknown vertical, compliance kind, parser or column map, an unknown `rerunOf` (`details.fieldErrors`)',
      upload_incomplete: 'the upload has not received all its bytes yet',
    },
  },
})

export const listImports = defineOperation({
  operationId: 'listImports',
  method: 'GET',
  path: '/api/v1/imports',
  summary: 'List imports',
  description: 'The organization’s imports, newest first, a page at a time (see "Pagination").',
  tag: 'Imports',
  auth: { scope: 'imports:read' },
  query: pageQuery,
  responses: {
    200: { description: 'One page of imports.', body: pageSchema(ImportSchema, 'ImportPage'), example: { data: [importExample], nextCursor: null } },
  },
})

export const getImport = defineOperation({
  operationId: 'getImport',
  method: 'GET',
  path: '/api/v1/imports/{id}',
  summary: 'An import: status, progress and counts',
  description: 'Poll it (every few seconds) until `status` is `completed`, `failed` or `cancelled`.',
  tag: 'Imports',
  auth: { scope: 'imports:read' },
  params,
  responses: { 200: { description: 'The import.', body: importAnswer, example: { import: importExample } } },
  errors: { 404: IMPORT_NOT_FOUND },
})

const RowErrorSchema = z
  .object({
    rowNo: z.int().min(1).meta({ description: 'The data row (1 is the first row after the header).' }),
    code: z.string().meta({ description: '`invalid_phone`, `invalid_email`, `missing_name`, `no_contact`, `unmatched`, …' }),
    message: z.string(),
    sourceColumn: z.string().nullable().meta({ description: 'The column of the cell, or null for the whole row.' }),
    value: z.string().nullable().meta({ description: 'The cell’s value.' }),
    row: z.record(z.string(), z.string()).nullable().meta({ description: 'The row as it was in the file: column → value.' }),
  })
  .meta({ id: 'ImportRowError' })

export const listImportErrors = defineOperation({
  operationId: 'listImportErrors',
  method: 'GET',
  path: '/api/v1/imports/{id}/errors',
  summary: 'An import’s row errors',
  description: 'Every problem found in a row (an invalid phone, a missing name, …), in file order, with the raw row. Rows with errors are still imported as far as they go.',
  tag: 'Imports',
  auth: { scope: 'imports:read' },
  params,
  query: z.object({
    limit: pageQuery.shape.limit,
    cursor: z.string().max(512).optional().meta({ description: 'The `nextCursor` of the previous page; omit it for the first page.' }),
  }),
  responses: {
    200: {
      description: 'One page of row errors, in file order.',
      body: z.object({ data: z.array(RowErrorSchema), nextCursor: nextCursorSchema }).meta({ id: 'ImportRowErrorPage' }),
      example: {
        data: [{ rowNo: 12, code: 'invalid_phone', message: 'Not a valid US phone number', sourceColumn: 'Phone 2', value: '555-1234', row: { Owner: 'Ann Lee', 'Phone 2': '555-1234' } }],
        nextCursor: null,
      },
    },
  },
  errors: { 400: { invalid_cursor: 'a cursor we did not give out' }, 404: IMPORT_NOT_FOUND },
})

const control = (action: 'pause' | 'resume' | 'cancel', summary: string, description: string, conflict: Record<string, string>) =>
  defineOperation({
    operationId: `${action}Import` as const,
    method: 'POST',
    path: `/api/v1/imports/{id}/${action}` as const,
    summary,
    description,
    tag: 'Imports',
    auth: { scope: 'imports:write' },
    params,
    responses: { 200: { description: 'The import after the change.', body: importAnswer, example: { import: { ...importExample, status: action === 'pause' ? 'paused' : action === 'resume' ? 'queued' : 'cancelled' } } } },
    errors: { 404: IMPORT_NOT_FOUND, 409: conflict },
  })

export const pauseImport = control('pause', 'Pause an import', 'It stops after the chunk in progress; nothing is half done. Resume it later.', {
  import_not_running: 'only a queued or running import can be paused',
})
export const resumeImport = control('resume', 'Resume a paused import', 'It continues where it stopped, row for row.', {
  import_not_resumable: 'only a paused or failed import can be resumed',
})
export const cancelImport = control('cancel', 'Cancel an import', 'It stops after the chunk in progress. What it merged so far stays.', {
  import_finished: 'the import already completed, failed or was cancelled',
})
