import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { serve } from 'inngest/remix'
import { inngest } from '../../inngest/client'
import { functions } from '../../inngest/index'
import { getEnv } from '~/utils/env.server'
import { jobsMode } from '~/utils/jobs/mode.server'

const handler = serve({ client: inngest, functions })

// In-process mode runs functions itself; an open endpoint would let anyone run them.
const served = (args: LoaderFunctionArgs | ActionFunctionArgs) =>
  jobsMode(getEnv()) === 'inngest' ? handler(args) : new Response('Not Found', { status: 404 })

export { served as action, served as loader }
