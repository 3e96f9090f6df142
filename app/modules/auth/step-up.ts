import { AppError } from '~/utils/app-error'

/**
 * Step-up: changing how an account signs in (adding or removing a passkey,
 * new recovery codes) or creating an API key needs a passkey assertion made
 * in this session within the last five minutes (docs/decisions/012).
 * Shared with the browser, which answers the error with a passkey prompt.
 */
export const STEP_UP_WINDOW_MS = 5 * 60 * 1000
export const STEP_UP_REQUIRED = 'step_up_required'

export class StepUpRequiredError extends AppError {
  override name = 'StepUpRequiredError'
  constructor() {
    super(STEP_UP_REQUIRED, 'Confirm with your passkey: this change needs a passkey check from the last 5 minutes.', 401)
  }
}
