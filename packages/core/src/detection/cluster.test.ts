import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ClusterIndex } from './cluster.js'
import { applySignal, signalFromCluster, UNCERTAIN_SERVICE } from './incident.js'

const T = Date.UTC(2026, 0, 5, 7)
const MIN = 60_000

const BINS = [
  'Bin collection missed again on our street, the bins are overflowing',
  'Our bins were not collected this morning, collection missed for the second week',
  'Missed bin collection on Holbeach Road, rubbish bags piling up',
  'Nobody came to collect the bins today, missed collection again',
  'Recycling bin collection missed, the bins are still full',
  'Bin men skipped our road, missed collection and overflowing bins',
  'Why was the bin collection missed on Doggett Road?',
  'Collection missed, bins overflowing and foxes at the rubbish',
]
const LIGHTS = [
  'Streetlight out on Brownhill Road, very dark at night',
  'The street light by the bus stop is broken and it is dark',
  'Broken streetlight near the school, dark and unsafe at night',
]

test('similar complaints group together and different topics stay apart', () => {
  const c = new ClusterIndex()
  const bins = BINS.map((text, i) =>
    c.add({ id: `b${i}`, text, time: T + i * MIN, service: 'waste', area: 'catford-south' }),
  )
  const lights = LIGHTS.map((text, i) =>
    c.add({ id: `l${i}`, text, time: T + i * MIN, service: 'lighting', area: 'lee-green' }),
  )
  const binClusters = new Set(bins.map((a) => a.clusterId))
  const lightClusters = new Set(lights.map((a) => a.clusterId))
  assert.ok(binClusters.size <= 2, `bins split into ${binClusters.size} clusters`)
  assert.ok(lightClusters.size <= 2)
  for (const id of binClusters) assert.ok(!lightClusters.has(id))
  const main = c.view(bins[1]!.clusterId, T + 10 * MIN)!
  assert.ok(
    main.topTerms.includes('collection') || main.topTerms.includes('missed'),
    main.topTerms.join(','),
  )
})

test('near-duplicates join their original but count once; redelivery is a no-op', () => {
  const c = new ClusterIndex()
  const first = c.add({ id: 'p1', text: BINS[0]!, time: T })
  const dup = c.add({ id: 'p2', text: `RT @x: ${BINS[0]}`, time: T + MIN, duplicateOf: 'p1' })
  assert.equal(dup.clusterId, first.clusterId)
  assert.equal(dup.duplicate, true)
  const again = c.add({ id: 'p1', text: BINS[0]!, time: T })
  assert.equal(again.clusterId, first.clusterId)
  const v = c.view(first.clusterId, T + 2 * MIN)!
  assert.deepEqual(v.members, ['p1', 'p2'])
  assert.equal(v.distinct, 1)
})

test('a cluster growing much faster than its baseline is emerging even with an uncertain service', () => {
  const c = new ClusterIndex()
  const services = ['waste', 'streets', 'waste', null, 'waste', 'streets', 'waste', 'waste']
  BINS.forEach((text, i) =>
    c.add({
      id: `b${i}`,
      text,
      time: T + i * 4 * MIN,
      service: services[i] ?? null,
      serviceConfidence: 0.5,
      area: i % 2 ? 'rushey-green' : 'catford-south',
    }),
  )
  const em = c.emerging(T + 35 * MIN)
  assert.equal(em.length, 1)
  assert.equal(em[0]!.service, 'waste')
  assert.ok(em[0]!.serviceShare < 1)
  assert.deepEqual([...em[0]!.areas].sort(), ['catford-south', 'rushey-green'])
  assert.ok(em[0]!.recent >= 5 && em[0]!.surprise >= 4)
})

test('a slow trickle of the same complaint is not emerging', () => {
  const c = new ClusterIndex()
  BINS.forEach((text, i) => c.add({ id: `b${i}`, text, time: T + i * 3 * 60 * MIN }))
  assert.equal(c.emerging(T + 24 * 60 * MIN).length, 0)
})

test('idle clusters are pruned', () => {
  const c = new ClusterIndex({ idleMs: 60 * MIN })
  c.add({ id: 'x', text: LIGHTS[0]!, time: T })
  assert.equal(c.size, 1)
  assert.equal(c.prune(T + 2 * 60 * MIN), 1)
  assert.equal(c.size, 0)
  assert.equal(c.clusterOf('x'), undefined)
})

test('an emerging cluster becomes a candidate incident, even when its service label is uncertain', () => {
  const c = new ClusterIndex()
  const services = ['waste', 'streets', 'parks', 'streets', 'waste', 'parks', null, 'housing']
  BINS.forEach((text, i) =>
    c.add({
      id: `b${i}`,
      text,
      time: T + i * 4 * MIN,
      service: services[i] ?? null,
      area: 'catford-south',
    }),
  )
  const view = c.emerging(T + 35 * MIN)[0]!
  const sig = signalFromCluster(view, T + 35 * MIN)
  assert.equal(sig.service, UNCERTAIN_SERVICE)
  assert.equal(sig.area, 'catford-south')
  const inc = applySignal(
    [],
    sig,
    BINS.map((text, i) => ({ id: `b${i}`, text, time: T + i * 4 * MIN })),
    { newId: () => 'inc-1', gapMs: 7_200_000 },
  )
  assert.equal(inc.action, 'opened')
  assert.match(inc.incident.title, /missed|collection/i)
})
