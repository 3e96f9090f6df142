import type { Logger } from 'inngest'
import { logger } from '~/utils/logger.server'

type Level = 'debug' | 'info' | 'warn' | 'error'

/** Routes the SDK's logs (and `ctx.logger` in functions) into our JSON log lines. */
function forward(level: Level) {
  return (...args: unknown[]) => {
    const message = args.find((a): a is string => typeof a === 'string') ?? 'inngest'
    const fields: Record<string, unknown> = {}
    for (const arg of args) {
      if (arg instanceof Error) fields.err = arg
      else if (arg && typeof arg === 'object') Object.assign(fields, arg)
    }
    logger[level](message, { source: 'inngest', ...fields })
  }
}

export const inngestLogger: Logger = {
  debug: forward('debug'),
  info: forward('info'),
  warn: forward('warn'),
  error: forward('error'),
}
