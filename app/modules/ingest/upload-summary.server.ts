import type { Upload } from '~/generated/prisma/client.ts'
import type { PreviousImport } from './find-previous-import.server'

/** What the API and the uploader show of an upload. */
export type UploadSummary = {
  id: string
  filename: string
  byteSize: number
  /** Bytes the store holds so far (equals byteSize once complete). */
  receivedBytes: number
  status: Upload['status']
  sha256: string | null
  createdAt: string
  completedAt: string | null
  expiresAt: string
  /** The organization's latest import of a file with the same SHA-256: run it again instead? */
  previousImport: PreviousImport | null
}

export function uploadSummary(upload: Upload, receivedBytes: number, previousImport: PreviousImport | null): UploadSummary {
  return {
    id: upload.id,
    filename: upload.filename,
    byteSize: Number(upload.byteSize),
    receivedBytes,
    status: upload.status,
    sha256: upload.sha256,
    createdAt: upload.createdAt.toISOString(),
    completedAt: upload.completedAt?.toISOString() ?? null,
    expiresAt: upload.expiresAt.toISOString(),
    previousImport,
  }
}
