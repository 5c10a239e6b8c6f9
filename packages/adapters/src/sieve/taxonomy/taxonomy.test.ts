import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import {
  DEFAULT_TAXONOMY_PATH,
  SERVICE_CODE_RE,
  TaxonomyError,
  loadTaxonomy,
  parseTaxonomy,
  taxonomyCachePath,
} from './index.js'
import { sharedData } from '../../shared-data.js'

const minimal = (services: unknown[]) => ({
  id: 't',
  name: 'Test',
  version: 1,
  groups: [{ code: 'waste', name: 'Waste', team: 'Waste team', services }],
})

test('default taxonomy loads, codes are unique, well-formed and prefixed by their group', () => {
  const t = loadTaxonomy()
  assert.ok(t.services.length >= 60, `only ${t.services.length} services`)
  const codes = t.services.map((s) => s.code)
  assert.equal(new Set(codes).size, codes.length, 'duplicate service codes')
  for (const s of t.services) {
    assert.match(s.code, SERVICE_CODE_RE)
    assert.ok(s.code.startsWith(`${s.group}.`), s.code)
    assert.ok(s.code.length <= 40, `${s.code} is too long for a service_code`)
    assert.ok(s.team.length > 0)
    assert.ok((s.keywords['en'] ?? []).length > 0, `${s.code} has no English keywords`)
    assert.ok((s.examples['en'] ?? []).length > 0, `${s.code} has no English example`)
  }
  assert.equal(t.fallback, 'other.general')
  assert.ok(t.byCode.get('waste.fly-tipping'))
})

test('every service that covers SHEF-A groups records its SHEF-B and SHEF-C group', () => {
  const t = loadTaxonomy()
  for (const s of t.services) {
    if ((s.shefA ?? []).length) {
      assert.ok(s.shefB, `${s.code} lacks shefB`)
      assert.ok(s.shefC, `${s.code} lacks shefC`)
    }
  }
  assert.equal(t.byCode.get('roads.pothole')?.shefC, 'Road Safety & Defects')
  assert.equal(t.byCode.get('cleaning.graffiti')?.shefB, 'Incivilities')
  assert.equal(t.byCategory.get('fly-tipping'), 'waste.fly-tipping')
})

test('non-street-scene council services are present and have other languages', () => {
  const t = loadTaxonomy()
  for (const c of [
    'council-tax.bills',
    'benefits.housing-benefit',
    'housing.repairs',
    'social-care.adults',
    'schools.admissions',
    'libraries.libraries',
    'licensing.premises',
    'planning.applications',
    'transport.public-transport',
  ]) {
    assert.ok(t.byCode.has(c), c)
  }
  const langs = new Set(t.services.flatMap((s) => Object.keys(s.examples)))
  for (const l of ['en', 'es', 'fr', 'pl', 'pt', 'tr', 'bn', 'ur'])
    assert.ok(langs.has(l), `no examples in ${l}`)
})

test('schema errors name the path and say what is wrong', () => {
  assert.throws(
    () => parseTaxonomy(minimal([{ code: 'Waste.Bad Code', name: 'x' }]), 'bad.yaml'),
    (e: unknown) => {
      assert.ok(e instanceof TaxonomyError)
      assert.match(e.message, /bad\.yaml/)
      assert.match(e.message, /groups\[0\]\.services\[0\]\.code: must be lowercase/)
      return true
    },
  )
  assert.throws(() => parseTaxonomy(minimal([{ code: 'waste.x' }])), /services\[0\]\.name/)
  assert.throws(
    () => parseTaxonomy(minimal([{ code: 'waste.x', name: 'x', colour: 'red' }])),
    /colour/,
  )
})

test('duplicate codes, wrong group prefix and unknown fallback are rejected', () => {
  assert.throws(
    () =>
      parseTaxonomy(
        minimal([
          { code: 'waste.x', name: 'a' },
          { code: 'waste.x', name: 'b' },
        ]),
      ),
    /service code 'waste.x' is used twice/,
  )
  assert.throws(
    () => parseTaxonomy(minimal([{ code: 'roads.x', name: 'a' }])),
    /must start with its group code 'waste.'/,
  )
  assert.throws(
    () => parseTaxonomy({ ...minimal([{ code: 'waste.x', name: 'a' }]), fallback: 'waste.y' }),
    /fallback/,
  )
})

test('extends: a deployment adds, overrides, appends keywords and removes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tax-'))
  const file = join(dir, 'local.yaml')
  writeFileSync(
    file,
    [
      'id: lewisham',
      'name: Lewisham services',
      'version: 2',
      'extends: default',
      'remove: [licensing.taxis, libraries]',
      'groups:',
      '  - code: waste',
      '    name: Waste and recycling',
      '    services:',
      '      - code: waste.fly-tipping',
      '        name: Fly-tipping (dumped rubbish)',
      '        team: Cleaner Lewisham',
      '        keywords: { en: [dumpage] }',
      '  - code: markets',
      '    name: Markets',
      '    team: Markets team',
      '    services:',
      '      - code: markets.deptford',
      '        name: Deptford market',
      '        keywords: { en: [deptford market] }',
      '',
    ].join('\n'),
  )
  const t = loadTaxonomy(file)
  const ft = t.byCode.get('waste.fly-tipping')
  assert.equal(ft?.name, 'Fly-tipping (dumped rubbish)')
  assert.equal(ft?.team, 'Cleaner Lewisham')
  assert.ok(ft?.keywords['en']?.includes('dumpage'))
  assert.ok(ft?.keywords['en']?.includes('fly tipping'), 'base keywords are kept')
  assert.equal(ft?.shefC, 'Environmental Health', 'unset fields come from the base')
  assert.ok(t.byCode.has('markets.deptford'))
  assert.ok(!t.byCode.has('licensing.taxis'))
  assert.ok(!t.services.some((s) => s.group === 'libraries'))
  assert.equal(t.data.id, 'lewisham')
})

test('a broken YAML file gives a readable error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tax-'))
  const file = join(dir, 'broken.yaml')
  writeFileSync(
    file,
    'id: x\nname: y\nversion: 1\ngroups:\n  - code: 7\n    name: Z\n    services: []\n',
  )
  assert.throws(
    () => loadTaxonomy(file),
    /broken\.yaml: the taxonomy is not valid:\n {2}groups\[0\]\.code/,
  )
})

test(
  'committed YAML matches its generator',
  { skip: !sharedData('taxonomy') && 'shared data absent' },
  async () => {
    const { writeTaxonomy } = await import('../../../../../scripts/train/service-taxonomy.js')
    assert.ok(await writeTaxonomy(true), 'run npx tsx scripts/train/service-taxonomy.ts')
  },
)

test('the JSON cache is used only when made from the same YAML text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tax-'))
  const yaml = join(dir, 'uk.yaml')
  copyFileSync(DEFAULT_TAXONOMY_PATH, yaml)
  copyFileSync(taxonomyCachePath(DEFAULT_TAXONOMY_PATH), taxonomyCachePath(yaml))
  assert.equal(loadTaxonomy(yaml).byCode.get('roads.pothole')?.name, 'Potholes')
  // A hand edit of the YAML makes the cache stale: the YAML wins.
  writeFileSync(
    yaml,
    readFileSync(yaml, 'utf8').replace('name: Potholes', 'name: Holes in the road'),
  )
  assert.equal(loadTaxonomy(yaml).byCode.get('roads.pothole')?.name, 'Holes in the road')
  writeFileSync(taxonomyCachePath(yaml), '{broken')
  assert.equal(loadTaxonomy(yaml).byCode.get('roads.pothole')?.name, 'Holes in the road')
})
