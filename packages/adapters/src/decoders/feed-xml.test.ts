import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeAll, fixture, kinds, posts } from './testing.js'
import { feedDate } from './feed-xml.js'

test('RSS 2.0 items: guid/link ids, RFC 822 dates, dc:creator, HTML description, georss, xsi:nil', async () => {
  const items = await decodeAll(fixture('feed.rss.xml'))
  assert.deepEqual(kinds(items), [
    'post',
    'post',
    'quarantine:BAD_TIMESTAMP',
    'quarantine:MISSING_FIELD',
  ])
  const [a, b] = posts(items)
  assert.deepEqual(a, {
    platform: 'rss',
    platformId: 'https://townhall.example/news/road-works',
    url: 'https://townhall.example/news/road-works',
    author: { platformId: 'Jo Bloggs', displayName: 'Jo Bloggs' },
    text: 'Road works on Station Road\n\nWorks start Monday.\n\nDetails: roads page',
    createdAt: '2024-09-09T13:30:00.000Z',
    langHint: 'en-gb',
    links: ['https://townhall.example/roads'],
    geo: { lat: 53.8008, lon: -1.5491 },
  })
  // A bare guid is only unique within its feed, so it is qualified by the channel link; the long
  // numeric guid stays an exact string.
  assert.equal(b?.platformId, 'https://townhall.example/news#1234567890123456789012')
  assert.deepEqual(b?.author, {
    platformId: 'librarian@townhall.example',
    displayName: 'Lib Rarian',
  })
  assert.equal(b?.text, 'Library hours & holidays\n\nOpen late on Thursdays')
  const bad = items[2]
  assert.ok(bad?.kind === 'quarantine')
  assert.equal(
    bad.message,
    'The RSS item https://townhall.example/news/undated has an unreadable date "sometime soon".',
  )
})

test('Atom entries: id, published over updated, entry or feed author, html content, xml:lang', async () => {
  const items = await decodeAll(fixture('feed.atom.xml'), 'atom')
  assert.deepEqual(kinds(items), ['post', 'post', 'quarantine:BAD_TIMESTAMP'])
  const [a, b] = posts(items)
  assert.deepEqual(a, {
    platform: 'atom',
    platformId: 'tag:parks.example,2024:playground',
    url: 'https://parks.example/news/playground',
    author: { platformId: 'Sam Green', displayName: 'Sam Green' },
    text: 'Playground reopens\n\nThe playground is open again.\nSee the map.',
    createdAt: '2024-09-09T10:00:00+02:00',
    langHint: 'en',
    links: ['https://parks.example/map'],
    geo: { lat: 51.5, lon: -0.12 },
  })
  assert.deepEqual(b?.author, {
    platformId: 'https://parks.example/team',
    displayName: 'Parks Team',
  })
  assert.equal(b?.langHint, 'fr')
  assert.equal(b?.createdAt, '2024-09-08T08:00:00Z')
})

test('malformed XML is one MALFORMED_XML quarantine; a non-feed root is UNKNOWN_FORMAT', async () => {
  const broken = await decodeAll(
    '<?xml version="1.0"?>\n<rss><channel><item><title>x</item></channel></rss>',
  )
  assert.deepEqual(kinds(broken), ['quarantine:MALFORMED_XML'])
  const other = await decodeAll('<service_requests><request/></service_requests>')
  assert.deepEqual(kinds(other), ['quarantine:UNKNOWN_FORMAT'])
  const wrong = await decodeAll(
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id></entry></feed>',
    'rss',
  )
  assert.deepEqual(kinds(wrong), ['quarantine:UNKNOWN_FORMAT'])
})

test('entity bombs are bounded and a feed with many escaped ampersands still decodes', async () => {
  const bomb =
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>' +
    '<rss><channel><item><guid>https://e.example/1</guid><title>&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;</title><pubDate>Mon, 09 Sep 2024 14:30:00 GMT</pubDate></item></channel></rss>'
  const items = await decodeAll(bomb)
  assert.equal(items.length, 1)
  const many =
    '<rss><channel><item><guid>https://e.example/2</guid><title>' +
    'a &amp; b '.repeat(5000) +
    '</title><pubDate>Mon, 09 Sep 2024 14:30:00 GMT</pubDate></item></channel></rss>'
  const [p] = posts(await decodeAll(many))
  assert.ok(p?.text.startsWith('a & b a & b'))
})

test('feed dates: RFC 822 with zone names and offsets become ISO; ISO passes through', () => {
  assert.equal(feedDate('Tue, 10 Jun 2003 04:00:00 GMT'), '2003-06-10T04:00:00.000Z')
  assert.equal(feedDate('Tue, 10 Jun 2003 04:00:00 EST'), '2003-06-10T09:00:00.000Z')
  assert.equal(feedDate('2024-01-01T00:00:00+01:00'), '2024-01-01T00:00:00+01:00')
  assert.equal(feedDate('garbage'), undefined)
})
