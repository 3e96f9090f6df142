import { Table, Td, Th } from '~/components/ui/table'
import type { JobFunctionSummary } from '~/modules/jobs/describe-job-functions.server'

/** The functions the app serves: triggers, flow control and, under Inngest, a link to each on its dashboard. */
export function JobFunctions({ functions, dashboardLabel }: { functions: JobFunctionSummary[]; dashboardLabel: string | null }) {
  return (
    <Table label="Functions this app serves" className="min-w-[720px]">
      <thead>
        <tr>
          <Th>Function</Th>
          <Th>Triggers</Th>
          <Th>Flow control</Th>
          {dashboardLabel ? <Th>{dashboardLabel}</Th> : null}
        </tr>
      </thead>
      <tbody>
        {functions.map((fn) => (
          <tr key={fn.id} data-testid="job-function">
            <Td>
              <div className="font-medium">{fn.name}</div>
              <div className="font-mono text-xs text-muted-foreground">{fn.id}</div>
            </Td>
            <Td className="font-mono text-xs">
              {fn.triggers.map((trigger) => (
                <div key={trigger}>{trigger}</div>
              ))}
            </Td>
            <Td className="font-mono text-xs">
              {fn.flowControl.length ? fn.flowControl.map((line) => <div key={line}>{line}</div>) : <span className="text-muted-foreground">—</span>}
            </Td>
            {dashboardLabel ? (
              <Td>
                {fn.dashboardUrl ? (
                  <a href={fn.dashboardUrl} target="_blank" rel="noreferrer" className="text-sm underline underline-offset-4">
                    Open<span className="sr-only"> {fn.name} on the {dashboardLabel}</span>
                  </a>
                ) : null}
              </Td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  )
}
