import { AppError } from '~/utils/app-error'

/**
 * What a failed Twilio API call (other than a send) means to the admin who
 * asked for it, as an AppError safe to show: the credentials were refused
 * (401, or 404 for the account itself), Twilio answered with another error,
 * or Twilio could not be reached. The SDK's error is not kept: its request
 * config carries the credentials.
 */
export function twilioCallError(error: unknown, refusedMessage: string): unknown {
  if (!(error instanceof Error)) return error
  const { status, code, isAxiosError } = error as { status?: unknown; code?: unknown; isAxiosError?: unknown }

  // RestException: Twilio answered with an error.
  if (typeof status === 'number') {
    const twilioCode = typeof code === 'number' ? code : null
    if (status === 401 || status === 403 || status === 404) {
      return new AppError('twilio_credentials_refused', refusedMessage, 422, { twilioCode, httpStatus: status })
    }
    const label = twilioCode === null ? `HTTP ${status}` : `${twilioCode}, HTTP ${status}`
    return new AppError(
      'twilio_error',
      `Twilio answered with an error (${label}); nothing was changed. Try again in a few minutes.`,
      502,
      { twilioCode, httpStatus: status },
    )
  }

  // The SDK's request pipeline (axios) accepts every status, so its errors are transport failures.
  if (isAxiosError === true) {
    const networkCode = typeof code === 'string' ? code : 'no answer'
    return new AppError(
      'twilio_unreachable',
      `Twilio could not be reached (${networkCode}); nothing was changed. Try again in a moment.`,
      502,
      { networkCode },
    )
  }
  return error
}
