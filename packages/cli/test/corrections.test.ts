import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Teacher } from '@civicpulse/engine'
import { ModelVersionRepository, loadLabeller, openSqliteStore } from '@civicpulse/adapters'
import { lastJson, run, tmp } from './helpers.js'

// A local phrase the shipped models have never seen, corrected by people to one service.
const PHRASE = 'the zorbleflap by the quarry gate is jammed again'
const TARGET = 'roads.pothole'

test('corrections teach the live labeller at once, are saved as versions, and can be rolled back', async () => {
  const t = tmp()
  const store = await openSqliteStore({ path: t.db })
  try {
    const versions = new ModelVersionRepository(store.db)
    const labeller = await loadLabeller()
    const before = labeller.label({ id: 'a', text: PHRASE })
    assert.notEqual(before.service.code, TARGET, 'the phrase starts out as something else')

    const teacher = new Teacher(labeller, versions, { snapshotEvery: 5 })
    for (let i = 0; i < 10; i++)
      assert.ok(
        await teacher.onCorrection({
          text: `${PHRASE} ${i % 3 ? 'today' : ''}`,
          task: 'service',
          newValue: TARGET,
        }),
      )
    assert.equal(
      await teacher.onCorrection({ text: PHRASE, task: 'ward', newValue: 'E05013716' }),
      false,
      'wards are not a model task',
    )

    // Later posts with the phrase are labelled as corrected, in this process…
    assert.equal(
      labeller.label({ id: 'b', text: `${PHRASE} near the school` }).service.code,
      TARGET,
    )
    // …and after a restart, from the saved version.
    const list = await versions.list()
    assert.equal(list.length, 2)
    assert.ok(list[0]?.active)
    const active = await versions.active()
    const restarted = await loadLabeller({ snapshot: active!.snapshot })
    assert.equal(restarted.label({ id: 'c', text: PHRASE }).service.code, TARGET)
    assert.notEqual(restarted.version, (await loadLabeller()).version)

    // Rolling back to the shipped files forgets the corrections.
    assert.ok(await versions.activate(0))
    assert.equal(await versions.active(), undefined)
    assert.equal(await versions.activate(999), false)
  } finally {
    await store.close()
  }
  const listed = lastJson<{ id: number; active: boolean }[]>(
    await run(['model', 'list', '--json', '--db', t.db]),
  )
  assert.equal(listed.length, 2)
  assert.ok(listed.every((v) => !v.active))
  const rb = await run(['model', 'rollback', String(listed[1]!.id), '--db', t.db])
  assert.equal(rb.code, 0, rb.stderr)
  assert.ok(
    lastJson<{ id: number; active: boolean }[]>(
      await run(['model', 'list', '--json', '--db', t.db]),
    ).find((v) => v.id === listed[1]!.id)?.active,
  )
  t.done()
})
