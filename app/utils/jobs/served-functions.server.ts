import { inngest } from '../../../inngest/client'
import { functions } from '../../../inngest/index'

/**
 * The functions this app serves and the id of its Inngest app, for pages:
 * a `.server` module, so the function definitions never reach a browser bundle.
 */
export const servedFunctions = functions
export const inngestAppId = inngest.id
