import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeEntities, decodeXEntities, htmlToText } from './html-text.js'

test('paragraphs become blank lines and <br> a newline', () => {
  const r = htmlToText('<p>First line<br>second line</p><p>Next  paragraph\n here</p>')
  assert.equal(r.text, 'First line\nsecond line\n\nNext paragraph here')
})

test('entities are decoded exactly once', () => {
  assert.equal(
    decodeEntities('&amp;lt; &lt; &#233; &#x1F600; &eacute; &nope; &#0;'),
    '&lt; < é 😀 é &nope; \ufffd',
  )
  assert.equal(decodeXEntities('a &amp;amp; b &lt;3 &quot;'), 'a &amp; b <3 &quot;')
})

test('links exclude Mastodon mention and hashtag anchors; invisible URL parts are kept', () => {
  const html =
    '<p><span class="h-card"><a href="https://social.example/@ann" class="u-url mention">@<span>ann</span></a></span> see ' +
    '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.org/a</span><span class="invisible">?b=1&amp;c=2</span></a> ' +
    '<a href="https://social.example/tags/potholes" class="mention hashtag" rel="tag">#<span>potholes</span></a></p>'
  const r = htmlToText(html)
  assert.equal(r.text, '@ann see https://example.org/a?b=1&c=2 #potholes')
  assert.deepEqual(r.links, ['https://example.org/a?b=1&c=2'])
})

test('script markup never survives as markup: escaped stays literal, real elements become inert text', () => {
  assert.equal(
    htmlToText('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>').text,
    '<script>alert(1)</script>',
  )
  assert.equal(htmlToText('<p>hi<script>alert("x")</script></p>').text, 'hialert("x")')
  assert.equal(htmlToText('<img src=x onerror="alert(1)">ok').text, 'ok')
})

test('pre keeps newlines; comments and CDATA are handled; unterminated tags do not throw', () => {
  assert.equal(htmlToText('<pre>a\n  b</pre><!-- hidden -->c').text, 'a\n  b\n\nc')
  assert.equal(htmlToText('<![CDATA[x < y]]>').text, 'x < y')
  assert.equal(htmlToText('a <b unterminated').text, 'a <b unterminated')
  assert.equal(htmlToText('').text, '')
})
