import { getRequestContext } from '~/utils/request-context.server'

type Level = 'debug' | 'info' | 'warn' | 'error'
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

export type LogFields = Record<string, unknown>

function threshold(): number {
  const configured = (process.env.LOG_LEVEL ?? 'info') as keyof typeof order
  return order[configured] ?? order.info
}

function serializeError(error: unknown) {
  if (error instanceof Error) {
    return { type: error.name, message: error.message, stack: error.stack }
  }
  return { message: String(error) }
}

/** One JSON object per line on stdout, carrying the request or job id when there is one. */
function write(level: Level, msg: string, fields?: LogFields) {
  if (order[level] < threshold()) return
  const context = getRequestContext()
  const entry: Record<string, unknown> = {
    time: new Date().toISOString(),
    level,
    msg,
    ...(context?.requestId ? { requestId: context.requestId } : {}),
    ...(context?.jobRunId ? { jobRunId: context.jobRunId } : {}),
  }
  for (const [key, value] of Object.entries(fields ?? {})) {
    entry[key] = key === 'err' || value instanceof Error ? serializeError(value) : value
  }
  process.stdout.write(`${JSON.stringify(entry)}\n`)
}

export const logger = {
  debug: (msg: string, fields?: LogFields) => write('debug', msg, fields),
  info: (msg: string, fields?: LogFields) => write('info', msg, fields),
  warn: (msg: string, fields?: LogFields) => write('warn', msg, fields),
  error: (msg: string, fields?: LogFields) => write('error', msg, fields),
}
