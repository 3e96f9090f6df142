import type { Readable } from 'node:stream'
import type { PoolClient } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { systemActor } from '~/modules/audit/actor'
import { recordAuditOnClient } from '~/modules/audit/record-audit-on-client.server'
import { AppError } from '~/utils/app-error'
import { pool } from '~/utils/db.server'
import { openStoredFile } from './upload-store.server'
import { landedRow, type LandedRow } from './landed-row'
import { readCsvRows } from './read-csv-rows.server'
import { byteEncodingOf, newlineOf, type LineEnding, type TextEncoding } from './text-format'

export const DEFAULT_LAND_CHUNK_ROWS = 50_000

export type LandChunkResult = {
  /** LAND has reached the end of the file: `import_files.row_count` is set. */
  done: boolean
  /** Rows this call landed. */
  landed: number
  nextRowNo: number
  byteOffset: number
  /** Set when `onlyWhile` was given and the import's status was another: nothing was landed. */
  stoppedStatus?: string
}

type ImportCursor = {
  organization_id: string
  status: string
  storage: string
  storage_key: string
  byte_size: string
  encoding: TextEncoding | null
  delimiter: string | null
  line_ending: LineEnding | null
  header: unknown
  land_byte_offset: string
  land_next_row_no: number
  row_count: number | null
  land: LandProgress | null
}

type LandProgress = {
  done: number
  total: number | null
  bytesDone: number
  bytesTotal: number
  blankLines: number
  errorRows: number
  startedAt: string
  finishedAt: string | null
}

/**
 * Lands the next rows of an inspected import (inspectImportFile) into
 * `file_rows`, resuming at `import_files.land_byte_offset`: at most `maxRows`
 * rows, written with one COPY, in the transaction that also advances the
 * cursor (byte offset, next row number, LAND progress) and, at the end of the
 * file, sets `row_count`. The import's row is locked for the duration, so
 * concurrent calls take turns; a call that fails or dies before its commit
 * leaves no row and no cursor move, and the next call lands the same rows.
 * Blank lines are skipped and counted (progress.land.blankLines); row numbers
 * are dense from 1 (docs/decisions/024).
 *
 * `windowBytes` and `maxRowBytes` tune the reader (read-csv-rows); tests use them.
 */
export async function landChunk({
  importFileId,
  maxRows = DEFAULT_LAND_CHUNK_ROWS,
  windowBytes,
  maxRowBytes,
  onlyWhile,
}: {
  importFileId: string
  /** Land only while the import has this status (read under the row lock, so a pause or cancel committed before wins). */
  onlyWhile?: string
  maxRows?: number
  windowBytes?: number
  maxRowBytes?: number
}): Promise<LandChunkResult> {
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new AppError('invalid_chunk_size', 'maxRows must be a positive integer.')
  const client = await pool.connect()
  let source: Readable | undefined
  let copy: CopyIn | undefined
  let broken: Error | undefined
  // A connection that dies while we hold it must fail this call, not the process.
  const onClientError = (error: Error) => {
    broken = error
  }
  client.on('error', onClientError)
  try {
    await client.query('BEGIN')
    const { rows } = await client.query<ImportCursor>(
      `SELECT organization_id, status, storage, storage_key, byte_size, encoding, delimiter, line_ending, header,
              land_byte_offset, land_next_row_no, row_count, progress->'land' AS land
         FROM import_files WHERE id = $1 FOR UPDATE`,
      [importFileId],
    )
    const file = rows[0]
    if (!file) throw new AppError('import_not_found', 'No such import.', 404)
    const { encoding, delimiter, line_ending: lineEnding, header } = file
    if (!encoding || !delimiter || !lineEnding || !Array.isArray(header)) {
      throw new AppError('import_not_inspected', 'The file has not been inspected yet: inspect it before landing its rows.', 409)
    }
    const startOffset = Number(file.land_byte_offset)
    if (onlyWhile !== undefined && file.status !== onlyWhile) {
      await client.query('COMMIT')
      return { done: false, landed: 0, nextRowNo: file.land_next_row_no, byteOffset: startOffset, stoppedStatus: file.status }
    }
    if (file.row_count !== null) {
      await client.query('COMMIT')
      return { done: true, landed: 0, nextRowNo: file.land_next_row_no, byteOffset: startOffset }
    }

    source = await openStoredFile({ storage: file.storage, storageKey: file.storage_key, start: startOffset })
    copy = copyIn(client, 'COPY file_rows (import_file_id, row_no, payload, error) FROM STDIN')
    const write = copy.write

    const linePrefix = `${importFileId}\t`
    let rowNo = file.land_next_row_no
    let landed = 0
    let blankLines = 0
    let errorRows = 0
    let byteOffset = startOffset
    let reachedEnd = true
    reading: for await (const batch of readCsvRows({
      source,
      startOffset,
      encoding: byteEncodingOf(encoding),
      delimiter,
      newline: newlineOf(lineEnding),
      windowBytes,
      maxRowBytes,
    })) {
      const lines = new CopyLines()
      for (let index = 0; index < batch.rows.length; index++) {
        const cells = batch.rows[index]!
        if (cells === null) blankLines++
        else {
          const row = landedRow(cells, header.length, batch.problems.get(index))
          if (row.error !== null) errorRows++
          lines.add(linePrefix, rowNo, row)
          rowNo++
          landed++
          if (landed === maxRows) {
            byteOffset = batch.byteOffsetAfter(index)
            await write(lines.take())
            reachedEnd = false
            break reading
          }
        }
      }
      byteOffset = batch.byteOffsetAfter(batch.rows.length - 1)
      await write(lines.take())
    }
    await copy.end()

    const now = new Date().toISOString()
    const previous = file.land
    const progress: LandProgress = {
      done: rowNo - 1,
      total: reachedEnd ? rowNo - 1 : null,
      bytesDone: byteOffset,
      bytesTotal: Number(file.byte_size),
      blankLines: (previous?.blankLines ?? 0) + blankLines,
      errorRows: (previous?.errorRows ?? 0) + errorRows,
      startedAt: previous?.startedAt ?? now,
      finishedAt: reachedEnd ? now : null,
    }
    await client.query(
      `UPDATE import_files
          SET land_byte_offset = $2, land_next_row_no = $3, row_count = $4,
              progress = jsonb_set(progress, '{land}', $5::jsonb), updated_at = now()
        WHERE id = $1`,
      [importFileId, byteOffset, rowNo, reachedEnd ? rowNo - 1 : null, JSON.stringify(progress)],
    )
    if (reachedEnd) {
      await recordAuditOnClient(client, {
        actor: systemActor('imports', { organizationId: file.organization_id }),
        action: 'import.landed',
        target: { type: 'import_file', id: importFileId },
        summary: { rows: rowNo - 1, errorRows: progress.errorRows, blankLines: progress.blankLines },
      })
    }
    await client.query('COMMIT')
    return { done: reachedEnd, landed, nextRowNo: rowNo, byteOffset }
  } catch (error) {
    await copy?.abort(error)
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken ??= rollbackError
    })
    throw error
  } finally {
    source?.destroy()
    client.removeListener('error', onClientError)
    client.release(broken)
  }
}

type CopyIn = { write(lines: Buffer): Promise<void>; end(): Promise<void>; abort(reason: unknown): Promise<void> }

/**
 * A COPY … FROM STDIN on `client` that never leaves the connection stuck in
 * copy mode: once the server has refused the COPY (a bad row, a dropped
 * connection) it says so at the next write or at the end; a COPY abandoned
 * by our side is aborted with CopyFail, so ROLLBACK can follow.
 */
function copyIn(client: PoolClient, sql: string): CopyIn {
  const stream = client.query(copyFrom(sql))
  let failure: Error | undefined
  let finished = false
  stream.on('error', (error: Error) => {
    failure ??= error
  })
  const settled = new Promise<void>((resolve) => {
    stream.once('finish', () => {
      finished = true
      resolve()
    })
    stream.once('error', () => resolve())
    stream.once('close', () => resolve())
  })
  const check = () => {
    if (failure) throw failure
  }
  return {
    async write(lines) {
      check()
      if (lines.length === 0 || stream.write(lines)) return
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.removeListener('drain', done)
          stream.removeListener('error', done)
          resolve()
        }
        stream.once('drain', done)
        stream.once('error', done)
      })
      check()
    },
    async end() {
      check()
      stream.end()
      await settled
      check()
    },
    async abort(reason) {
      if (failure || finished) return
      const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()))
      stream.destroy(reason instanceof Error ? reason : new Error(String(reason)))
      await closed
    },
  }
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }
const copyText = (text: string) => text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!)

/**
 * COPY text-format lines (`import_file_id`, `row_no`, `payload`, `error`),
 * encoded straight into one buffer per window: half the CPU of building a
 * string and encoding it, and less garbage. JSON.stringify leaves no raw tab
 * or line end in a payload, only backslashes to double.
 */
class CopyLines {
  private buffer: Buffer | undefined
  private length = 0

  add(prefix: string, rowNo: number, row: LandedRow) {
    const payload = row.payload.indexOf('\\') === -1 ? row.payload : row.payload.replaceAll('\\', '\\\\')
    const error = row.error === null ? '\\N' : copyText(row.error)
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    const buffer = this.reserve(prefix.length + 12 + 3 * (payload.length + error.length))
    let at = this.length
    at += buffer.write(prefix, at, 'latin1')
    at += buffer.write(String(rowNo), at, 'latin1')
    buffer[at++] = 0x09
    at += buffer.write(payload, at, 'utf8')
    buffer[at++] = 0x09
    at += buffer.write(error, at, 'utf8')
    buffer[at++] = 0x0a
    this.length = at
  }

  /** The lines so far; the buffer is the stream's from now on. */
  take(): Buffer {
    const lines = this.buffer ? this.buffer.subarray(0, this.length) : Buffer.alloc(0)
    this.buffer = undefined
    this.length = 0
    return lines
  }

  private reserve(bytes: number): Buffer {
    const needed = this.length + bytes
    if (this.buffer && needed <= this.buffer.length) return this.buffer
    const grown = Buffer.allocUnsafe(Math.max(64 * 1024, needed, (this.buffer?.length ?? 0) * 2))
    this.buffer?.copy(grown, 0, 0, this.length)
    this.buffer = grown
    return grown
  }
}
