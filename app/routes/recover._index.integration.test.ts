import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createUser } from '../../tests/support/factories'
import { action } from './recover._index'
import { asOwner } from '../../tests/support/owner-database'

/**
 * Asking for a recovery link must not tell anyone whether an account uses
 * the address: same answer, same status, same headers, and the same work on
 * the request path (the statements sent to Postgres), which is what makes
 * the timing the same. Looking the account up happens after the answer.
 */

const SITE = 'http://localhost:3000'
let ipCounter = 0
const freshIp = () => `192.0.2.${++ipCounter}`

/** The action's answer as a client sees it: status, headers and body. */
async function ask(email: string, ip: string) {
  const request = new Request(`${SITE}/recover?index`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin', Origin: SITE },
    body: new URLSearchParams({ intent: 'link', email }),
  })
  const result = (await action({ request, params: {}, context: { clientIp: ip, requestId: 'recover-req-0001' } })) as unknown
  if (result instanceof Response) throw new Error(`unexpected Response ${result.status}`)
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number; headers?: HeadersInit } }
  if (wrapped.type === 'DataWithResponseInit') {
    return { status: wrapped.init?.status ?? 200, headers: Object.fromEntries(new Headers(wrapped.init?.headers)), body: wrapped.data }
  }
  return { status: 200, headers: {}, body: result }
}

/** Every SQL statement this process sends while `run` runs (their values left out: they differ by address). */
async function statementsOf<T>(run: () => Promise<T>) {
  const statements: string[] = []
  const send = pg.Client.prototype.query as (...args: unknown[]) => unknown
  const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
    const [config] = args
    statements.push(typeof config === 'string' ? config : String((config as { text?: unknown }).text))
    return send.apply(this, args)
  } as never)
  try {
    return { outcome: await run(), statements }
  } finally {
    spy.mockRestore()
  }
}

const unknownAddress = () => `nobody-${randomBytes(4).toString('hex')}@example.test`

afterEach(() => {
  vi.restoreAllMocks()
})

describe('/recover, asking for a link', () => {
  it('answers a known and an unknown address identically, after the same statements', async () => {
    const user = await createUser()
    // Warm up connections and prepared plans, so neither measured request pays for them.
    await ask(unknownAddress(), freshIp())

    const known = await statementsOf(() => ask(user.email, freshIp()))
    const unknown = await statementsOf(() => ask(unknownAddress(), freshIp()))

    expect(known.outcome).toEqual({ status: 200, headers: {}, body: { intent: 'link', result: expect.anything(), sent: true } })
    expect(unknown.outcome).toEqual(known.outcome)
    expect(known.statements.length).toBeGreaterThan(0)
    expect(unknown.statements).toEqual(known.statements)
    // Nothing on the request path read the account: the queued event is all there is.
    expect(known.statements.join('\n')).not.toMatch(/"users"/)
    expect(await prisma.jobRun.count({ where: { functionId: 'auth-send-recovery-link' } })).toBe(3)
    expect(await prisma.emailMessage.count({ where: { to: user.email } })).toBe(0)
  })

  it('still answers the same when the queue fails, and logs it', async () => {
    const user = await createUser()
    const expected = await ask(unknownAddress(), freshIp())
    // The queue (here the in-process runner's table) refuses every event.
    await asOwner((owner) => owner.query(`CREATE FUNCTION refuse_job_run() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the queue is down'; END $$`))
    await asOwner((owner) => owner.query(`CREATE TRIGGER refuse_job_run BEFORE INSERT ON job_runs FOR EACH ROW EXECUTE FUNCTION refuse_job_run()`))
    const logged: string[] = []
    const level = process.env.LOG_LEVEL
    process.env.LOG_LEVEL = 'error'
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk))
      return true
    })
    const runsBefore = await prisma.jobRun.count()
    let answers
    try {
      answers = { known: await ask(user.email, freshIp()), unknown: await ask(unknownAddress(), freshIp()) }
    } finally {
      write.mockRestore()
      process.env.LOG_LEVEL = level
      await asOwner((owner) => owner.query(`DROP TRIGGER refuse_job_run ON job_runs`))
      await asOwner((owner) => owner.query(`DROP FUNCTION refuse_job_run()`))
    }

    expect(answers.known).toEqual(expected)
    expect(answers.unknown).toEqual(expected)
    expect(await prisma.jobRun.count()).toBe(runsBefore)
    // The SDK logs each of its attempts too; ours is one line per request, naming nobody.
    const ours = logged
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; msg: string })
      .filter((entry) => entry.msg.startsWith('a recovery link request'))
    expect(ours).toEqual([0, 1].map(() => expect.objectContaining({ level: 'error', msg: 'a recovery link request could not be queued; no link will be sent' })))
    expect(JSON.stringify(ours)).toContain('the queue is down')
    expect(JSON.stringify(ours)).not.toContain(user.email)
  })
})
