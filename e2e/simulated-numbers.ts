/** Numbers the simulated carrier treats a given way (app/modules/messaging/simulated-outcome.ts decides by the number). */
export async function simulatedNumbers() {
  const { simulatedOutcome } = await import('~/modules/messaging/simulated-outcome')
  const { freshNumber } = await import('../tests/support/leads')
  const find = (want: (o: ReturnType<typeof simulatedOutcome>) => boolean) => {
    for (;;) {
      const n = freshNumber('512')
      if (want(simulatedOutcome(n))) return n
    }
  }
  return {
    stopper: find((o) => o.kind === 'delivered_then_reply' && o.reply === 'STOP'),
    delivered: [find((o) => o.kind === 'delivered'), find((o) => o.kind === 'delivered')],
    optedOut: find((o) => o.kind === 'delivered'),
  }
}
