// node-tap sample: passes, failures (an assertion, a nested one, a throw), a skip, a todo,
// nested subtests, a subtest of two assertions and a unicode name.
import t from 'tap'
t.test('adds', async t => { t.equal(1 + 1, 2) })
t.test('wrong sum', async t => { t.equal(2 + 2, 5) })
t.test('skipped', { skip: 'not today' }, async t => { t.fail('never') })
t.test('later', { todo: 'some day' }, async t => { t.fail('not yet') })
t.test('group', async t => {
  t.test('inner pass', async t => { t.ok(true) })
  t.test('inner fail', async t => { t.ok(false, 'inner is wrong') })
})
t.test('assertions only', async t => { t.ok(true, 'first'); t.ok(true, 'second') })
t.test('throws', async t => { throw new Error('boom') })
t.test('ünïcödé ✓', async t => { t.pass('fine') })
