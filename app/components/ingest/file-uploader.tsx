import { useEffect, useId, useRef, useState } from 'react'
import type { Upload as TusUpload } from 'tus-js-client'
import { Button } from '~/components/ui/button'
import type { UploadSummary } from '~/modules/ingest/upload-summary.server'
import { cn } from '~/utils/cn'
import { addSample, formatBytes, formatDuration, progressFigures, type ProgressSample } from './upload-progress'

/** The server's largest chunk (UPLOAD_CHUNK_MAX_BYTES): every PATCH fits a serverless body limit. */
export const CHUNK_BYTES = 4 * 1024 * 1024
/** Waits before each retry of a failed request; after the last, the upload stops with an error (Resume goes on). */
export const RETRY_DELAYS_MS = [0, 1_000, 3_000, 5_000, 10_000, 20_000, 30_000]

export type FinishedUpload = { uploadId: string; upload: UploadSummary }

type Phase = 'idle' | 'starting' | 'uploading' | 'paused' | 'offline' | 'finishing' | 'complete' | 'error'

type State = {
  phase: Phase
  file: File | null
  samples: ProgressSample[]
  /** Where a previous attempt at this file left off, when this one resumed it. */
  resumedFrom: number | null
  error: string | null
  result: UploadSummary | null
}

const initial: State = { phase: 'idle', file: null, samples: [], resumedFrom: null, error: null, result: null }

async function readUpload(url: string): Promise<UploadSummary> {
  const response = await fetch(url, { headers: { accept: 'application/json' } })
  const body = (await response.json()) as { upload?: UploadSummary; error?: { message: string } }
  if (!response.ok || !body.upload) throw new Error(body.error?.message ?? `The upload could not be read (${response.status}).`)
  return body.upload
}

/** The finished upload; if the server stopped before taking its hash, a tus HEAD has it taken now. */
async function fetchUpload(url: string): Promise<UploadSummary> {
  const upload = await readUpload(url)
  if (upload.status !== 'uploading' || upload.receivedBytes < upload.byteSize) return upload
  await fetch(url, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } })
  return readUpload(url)
}

function errorMessage(error: Error): string {
  const status = (error as { originalResponse?: { getStatus(): number } | null }).originalResponse?.getStatus()
  if (status === 413) return 'This file is larger than the server accepts.'
  if (status === 401 || status === 403) return 'You are not allowed to upload here any more. Sign in again.'
  return 'The upload stopped: the server could not be reached. Resume to go on from where it stopped.'
}

/**
 * Uploads one lead file to /api/v1/uploads with tus (tus-js-client): 4 MB
 * chunks, retries with growing delays, progress with speed and time left,
 * pause and resume, and after a dropped network or a page reload it goes on
 * from the last chunk the server has (choose the same file again: the
 * browser remembers the upload's address for that file). Reports the
 * finished upload, with any earlier import of the same file, to `onComplete`.
 */
export function FileUploader({ onComplete, endpoint = '/api/v1/uploads' }: { onComplete?: (finished: FinishedUpload) => void; endpoint?: string }) {
  const [state, setState] = useState<State>(initial)
  const [announcement, setAnnouncement] = useState('')
  const uploadRef = useRef<TusUpload | null>(null)
  const lastDecile = useRef(-1)
  const ids = { input: useId(), hint: useId(), progress: useId() }

  const figures = state.file ? progressFigures(state.samples, state.file.size) : null

  // Announce progress to screen readers in 10% steps, not at every event.
  useEffect(() => {
    if (state.phase !== 'uploading' || !figures) return
    const decile = Math.floor(figures.percent / 10)
    if (decile !== lastDecile.current) {
      lastDecile.current = decile
      setAnnouncement(`${figures.percent}% uploaded`)
    }
  }, [state.phase, figures?.percent]) // eslint-disable-line react-hooks/exhaustive-deps

  // A dropped network stops tus-js-client at once (it does not retry offline); go on when the browser is back online.
  useEffect(() => {
    if (state.phase !== 'offline') return
    const resume = () => {
      setState((s) => ({ ...s, phase: 'uploading', samples: s.samples.slice(-1), error: null }))
      setAnnouncement('Back online: resuming the upload')
      uploadRef.current?.start()
    }
    window.addEventListener('online', resume)
    return () => window.removeEventListener('online', resume)
  }, [state.phase])

  useEffect(() => () => void uploadRef.current?.abort(), [])

  async function begin(file: File) {
    uploadRef.current?.abort()
    lastDecile.current = -1
    setState({ ...initial, phase: 'starting', file, samples: [{ at: Date.now(), bytes: 0 }] })
    setAnnouncement(`Uploading ${file.name}`)
    const { Upload } = await import('tus-js-client')
    const upload: TusUpload = new Upload(file, {
      endpoint,
      chunkSize: CHUNK_BYTES,
      retryDelays: RETRY_DELAYS_MS,
      metadata: { filename: file.name, filetype: file.type },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress(bytesSent) {
        setState((s) => ({ ...s, phase: s.phase === 'starting' ? 'uploading' : s.phase, samples: addSample(s.samples, { at: Date.now(), bytes: bytesSent }) }))
      },
      onError(error) {
        if (typeof navigator !== 'undefined' && navigator.onLine === false) {
          setState((s) => ({ ...s, phase: 'offline' }))
          setAnnouncement('Offline: the upload goes on when the connection is back')
          return
        }
        const message = errorMessage(error)
        setState((s) => ({ ...s, phase: 'error', error: message }))
        setAnnouncement(message)
      },
      async onSuccess() {
        setState((s) => ({ ...s, phase: 'finishing' }))
        try {
          const summary = await fetchUpload(upload.url!)
          setState((s) => ({ ...s, phase: 'complete', result: summary }))
          setAnnouncement(summary.previousImport ? `Uploaded. This file was imported before, on ${summary.previousImport.createdAt.slice(0, 10)}.` : 'Upload complete')
          onComplete?.({ uploadId: summary.id, upload: summary })
        } catch (error) {
          setState((s) => ({ ...s, phase: 'error', error: (error as Error).message }))
        }
      },
    })
    uploadRef.current = upload
    const previous = await upload.findPreviousUploads()
    const latest = previous.sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0]
    if (latest) {
      upload.resumeFromPreviousUpload(latest)
      setAnnouncement(`Resuming the earlier upload of ${file.name}`)
    }
    upload.options.onAfterResponse = (request, response) => {
      // The first HEAD of a resumed upload says where it stopped.
      if (request.getMethod() === 'HEAD' && latest) {
        const offset = Number(response.getHeader('Upload-Offset'))
        setState((s) => (s.resumedFrom === null ? { ...s, resumedFrom: offset, samples: [{ at: Date.now(), bytes: offset }] } : s))
      }
    }
    upload.start()
  }

  function pause() {
    void uploadRef.current?.abort()
    setState((s) => ({ ...s, phase: 'paused' }))
    setAnnouncement('Upload paused')
  }

  function resume() {
    setState((s) => ({ ...s, phase: 'uploading', error: null, samples: s.samples.slice(-1).map((x) => ({ ...x, at: Date.now() })) }))
    setAnnouncement('Resuming the upload')
    uploadRef.current?.start()
  }

  const busy = state.phase === 'starting' || state.phase === 'uploading' || state.phase === 'finishing'
  const canPause = state.phase === 'uploading'
  const canResume = state.phase === 'paused' || state.phase === 'error' || state.phase === 'offline'

  return (
    <div className="space-y-4" data-testid="file-uploader" data-phase={state.phase}>
      <div className="space-y-1">
        <label htmlFor={ids.input} className="block text-sm font-medium">
          Lead file
        </label>
        <input
          id={ids.input}
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
          aria-describedby={ids.hint}
          disabled={busy}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0]
            if (file) void begin(file)
          }}
          className={cn(
            'block w-full text-sm text-foreground',
            'file:mr-3 file:h-11 file:rounded file:border file:border-border file:bg-surface file:px-4 file:text-sm file:font-medium file:text-foreground hover:file:bg-muted',
            'focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
          )}
        />
        <p id={ids.hint} className="text-xs text-muted-foreground">
          CSV or tab-separated, up to 2 GB. If the upload is cut off, choose the same file again to go on where it stopped.
        </p>
      </div>

      {state.file && figures ? (
        <div className="space-y-2 rounded border border-border p-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <span id={ids.progress} className="break-all font-medium">
              {state.file.name}
            </span>
            <span className="tabular-nums text-muted-foreground" data-testid="upload-percent">
              {figures.percent}%
            </span>
          </div>
          <progress
            aria-labelledby={ids.progress}
            value={figures.bytesSent}
            max={Math.max(figures.bytesTotal, 1)}
            className="h-2 w-full overflow-hidden rounded bg-muted [&::-moz-progress-bar]:bg-primary [&::-webkit-progress-bar]:bg-muted [&::-webkit-progress-value]:bg-primary"
          />
          <p className="text-xs tabular-nums text-muted-foreground" data-testid="upload-figures">
            {formatBytes(figures.bytesSent)} of {formatBytes(figures.bytesTotal)}
            {state.phase === 'uploading' && figures.bytesPerSecond ? ` · ${formatBytes(Math.round(figures.bytesPerSecond))}/s` : ''}
            {state.phase === 'uploading' && figures.secondsLeft !== null ? ` · about ${formatDuration(figures.secondsLeft)} left` : ''}
          </p>
          {state.resumedFrom !== null ? (
            <p className="text-xs text-muted-foreground" data-testid="upload-resumed">
              Resumed from {formatBytes(state.resumedFrom)}, where the earlier upload stopped.
            </p>
          ) : null}
          {state.phase === 'offline' ? <p className="text-sm text-warning-foreground">Offline. The upload goes on when the connection is back.</p> : null}
          {state.phase === 'paused' ? <p className="text-sm">Paused.</p> : null}
          {state.error ? (
            <p role="alert" className="text-sm text-danger">
              {state.error}
            </p>
          ) : null}
          <div className="flex flex-col gap-2 sm:flex-row">
            {canPause ? (
              <Button variant="secondary" className="h-11 sm:h-9" onClick={pause}>
                Pause
              </Button>
            ) : null}
            {canResume ? (
              <Button className="h-11 sm:h-9" onClick={resume}>
                Resume
              </Button>
            ) : null}
          </div>
        </div>
      ) : null}

      {state.result ? (
        <div role="status" className="space-y-1 rounded border border-border bg-accent px-3 py-2 text-sm text-accent-foreground" data-testid="upload-result">
          <p className="font-medium">Uploaded {state.result.filename}.</p>
          <p className="break-all text-xs">SHA-256 {state.result.sha256}</p>
          {state.result.previousImport ? (
            <p data-testid="upload-duplicate">
              This file was imported before ({state.result.previousImport.filename}, {state.result.previousImport.createdAt.slice(0, 10)}). Importing it
              again runs that import once more.
            </p>
          ) : null}
        </div>
      ) : null}

      <div role="status" aria-live="polite" className="sr-only">
        {announcement}
      </div>
    </div>
  )
}
