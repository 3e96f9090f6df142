import client from 'prom-client'

/**
 * Prometheus metrics for this process. Kept on globalThis so a reloaded module
 * in development does not register the same metric twice.
 */
type Metrics = {
  registry: client.Registry
  httpDuration: client.Histogram<'method' | 'route' | 'status'>
  jobRuns: client.Counter<'function' | 'status'>
  jobFailures: client.Counter<'function'>
}

function createMetrics(): Metrics {
  const registry = new client.Registry()
  client.collectDefaultMetrics({ register: registry, prefix: 'esd_' })
  return {
    registry,
    httpDuration: new client.Histogram({
      name: 'esd_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    jobRuns: new client.Counter({
      name: 'esd_job_runs_total',
      help: 'Finished job runs by function and final status',
      labelNames: ['function', 'status'],
      registers: [registry],
    }),
    jobFailures: new client.Counter({
      name: 'esd_job_run_failures_total',
      help: 'Job runs that failed after their last retry, by function',
      labelNames: ['function'],
      registers: [registry],
    }),
  }
}

const globalForMetrics = globalThis as unknown as { esdMetrics?: Metrics }
const metrics = (globalForMetrics.esdMetrics ??= createMetrics())

export function observeHttpRequest(labels: { method: string; route: string; status: number }, seconds: number) {
  metrics.httpDuration.observe({ method: labels.method, route: labels.route, status: String(labels.status) }, seconds)
}

export function recordJobRunFinished(functionId: string, status: 'completed' | 'failed' | 'cancelled') {
  metrics.jobRuns.inc({ function: functionId, status })
  if (status === 'failed') metrics.jobFailures.inc({ function: functionId })
}

export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }
}
