import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { expect, test } from './fixtures'

/** A receiver in the test process, as an integration would run one: it keeps what it is sent and answers 200. */
async function startReceiver() {
  const received: { headers: IncomingHttpHeaders; body: string }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(200, { 'content-type': 'text/plain' }).end('received')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

const verify = (secret: string, request: { headers: IncomingHttpHeaders; body: string }) =>
  new Webhook(secret).verify(request.body, {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  })

test('an admin adds a webhook endpoint (its secret shown once), sends a test event the receiver verifies, sees it in the delivery log and replays it', async ({
  page,
  createOrganization,
  createUser,
  login,
}) => {
  test.setTimeout(120_000)
  const receiver = await startReceiver()
  try {
    const org = await createOrganization({ environment: 'sandbox' })
    const admin = await createUser({ organizationId: org.id, role: 'admin' })
    await login(page, admin)

    await page.goto('/settings/webhooks')
    await expect(page.getByText('No webhook endpoints yet')).toBeVisible()
    await page.getByRole('textbox', { name: 'Endpoint URL' }).fill(receiver.url)
    await page.getByRole('textbox', { name: 'Description (optional)' }).fill('CRM sync')
    await page.getByRole('checkbox', { name: /^message\.received\b/ }).check()
    await page.getByRole('button', { name: 'Add endpoint' }).click()

    const notice = page.getByTestId('webhook-secret')
    await expect(notice).toBeVisible()
    const secret = await notice.getByLabel('Signing secret').inputValue()
    expect(secret).toMatch(/^whsec_/)
    await expect(page.getByTestId('webhook-endpoint-row')).toHaveCount(1)
    await page.getByRole('link', { name: 'Open the endpoint' }).click()
    await expect(page.getByRole('heading', { name: receiver.url })).toBeVisible()
    await expect(page.getByText('No deliveries yet')).toBeVisible()

    // A test event: delivered by the app's job runner, verified here with the secret.
    await page.getByRole('button', { name: 'Send test event' }).click()
    await expect(page.getByRole('main').getByRole('status')).toContainText('A test event is on its way')
    const delivery = page.getByTestId('webhook-delivery')
    await expect(delivery).toHaveCount(1)
    await expect(delivery.getByText('Succeeded')).toBeVisible({ timeout: 30_000 })
    expect(receiver.received).toHaveLength(1)
    expect(verify(secret, receiver.received[0]!)).toMatchObject({ type: 'webhook.test', data: { message: expect.stringContaining('test event') } })

    // Its attempt: the signed request and the receiver's answer.
    await delivery.locator('summary').click()
    const attempt = delivery.getByTestId('webhook-attempt')
    await expect(attempt).toContainText('Attempt 1')
    await expect(attempt).toContainText('HTTP 200')
    await expect(attempt).toContainText('received')
    await expect(attempt).toContainText(`webhook-id: ${receiver.received[0]!.headers['webhook-id']}`)

    // Replay: a new delivery of the same event, at the top of the log.
    await delivery.getByRole('button', { name: 'Replay' }).click()
    await expect(page.getByRole('main').getByRole('status')).toContainText('The delivery is replayed')
    await expect(page.getByTestId('webhook-delivery')).toHaveCount(2)
    const replay = page.getByTestId('webhook-delivery').first()
    await expect(replay.locator('summary').getByText('Replay', { exact: true })).toBeVisible()
    await expect(replay.getByText('Succeeded')).toBeVisible({ timeout: 30_000 })
    expect(receiver.received).toHaveLength(2)
    expect(receiver.received[1]!.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id'])
    expect(verify(secret, receiver.received[1]!)).toMatchObject({ type: 'webhook.test' })
  } finally {
    await receiver.close()
  }
})
