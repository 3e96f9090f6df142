/**
 * Errors a module throws on purpose; routes map `status` to the HTTP answer
 * and show `message` to the user as is, so it must be safe to display.
 */
export class AppError extends Error {
  override name = 'AppError'
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError
