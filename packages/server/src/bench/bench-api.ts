/**
 * API latency benchmark: starts the server on a benchmark database in a child process, signs in,
 * and drives each endpoint with 20 concurrent keep-alive connections for a few seconds, reporting
 * p50/p95/p99 and requests per second. Loopback only; bounded in time.
 *   node --import tsx packages/server/src/bench/bench-api.ts /tmp/civicpulse-bench.db [seconds] [connections]
 */
import { spawn } from 'node:child_process'
import { Agent, request } from 'node:http'
import { fileURLToPath } from 'node:url'

const db = process.argv[2] ?? '/tmp/civicpulse-bench.db'
const seconds = Number(process.argv[3] ?? 8)
const connections = Number(process.argv[4] ?? 20)

const server = spawn(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('./serve.ts', import.meta.url)), db],
  { stdio: ['ignore', 'pipe', 'inherit'] },
)
const port = await new Promise<number>((resolve, reject) => {
  let out = ''
  server.stdout.on('data', (d: Buffer) => {
    out += d.toString()
    const m = /port (\d+)/.exec(out)
    if (m) resolve(Number(m[1]))
  })
  server.on('exit', (c) => reject(new Error(`server exited ${c}`)))
})

const agent = new Agent({ keepAlive: true, maxSockets: connections })
function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent,
        headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let b = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => (b += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b, headers: res.headers }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const login = await call(
  'POST',
  '/api/v1/auth/login',
  {},
  JSON.stringify({ email: 'bench@example.org', password: 'bench-password-1' }),
)
const cookie = String((login.headers['set-cookie'] as string[])[0]).split(';')[0] ?? ''
const overview = JSON.parse((await call('GET', '/api/v1/overview', { cookie })).body) as {
  from: string
  to: string
}

const endpoints: Array<[string, string]> = [
  ['overview (7 days)', '/api/v1/overview'],
  ['series (7 days, hourly)', '/api/v1/series'],
  [
    'series by service (30 days, daily)',
    `/api/v1/series?groupBy=service&res=d1&from=${new Date(Date.parse(overview.to) - 30 * 86_400_000).toISOString()}&to=${overview.to}`,
  ],
  ['map (7 days)', '/api/v1/map/wards'],
  [
    'search: text + service + intent',
    `/api/v1/posts?q=bins%20missed&service=waste.missed-collection&intent=complaint&limit=50`,
  ],
  [
    'search: ward + sentiment + 7 days',
    `/api/v1/posts?ward=E05013714&sentiment=negative&from=${overview.from}&to=${overview.to}&limit=50`,
  ],
  ['search: text only', `/api/v1/posts?q=pothole&limit=50`],
]

const pct = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0
const results: Array<Record<string, string | number>> = []
for (const [name, path] of endpoints) {
  const first = await call('GET', path, { cookie })
  if (first.status !== 200) throw new Error(`${path}: ${first.status} ${first.body.slice(0, 200)}`)
  const lat: number[] = []
  const end = Date.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now()
        const r = await call('GET', path, { cookie })
        if (r.status !== 200) throw new Error(`${path}: ${r.status}`)
        lat.push(performance.now() - t0)
      }
    }),
  )
  lat.sort((a, b) => a - b)
  const row = {
    endpoint: name,
    requests: lat.length,
    'req/s': Math.round(lat.length / seconds),
    'p50 ms': +pct(lat, 50).toFixed(1),
    'p95 ms': +pct(lat, 95).toFixed(1),
    'p99 ms': +pct(lat, 99).toFixed(1),
    bytes: first.body.length,
  }
  results.push(row)
  process.stdout.write(JSON.stringify(row) + '\n')
}
agent.destroy()
server.kill('SIGTERM')
console.table(results)
