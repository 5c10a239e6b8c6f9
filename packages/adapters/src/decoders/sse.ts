/**
 * Server-sent events, as Mastodon's streaming API sends them: `event:` and `data:` lines, a blank
 * line ending each event, `:` comment lines as heartbeats. `update` and `status.update` carry a
 * status as JSON; `delete` carries a BARE status id (not JSON, and above 2^53, so it is read as
 * text); notifications, conversations, filters and announcements are skipped. Events with no name
 * (`message`) are decoded like NDJSON lines. An event cut off by the end of input is still decoded.
 */
import type { DecodedItem } from './types.js'
import type { Line } from './lines.js'
import type { JsonRecordDecoder } from './json-record.js'
import { MAX_LINE_BYTES } from './limits.js'
import { decodeMastodonStatus, isMastodonStatus } from './mastodon.js'
import { isObj } from './fields.js'
import { describeError, guarded, quarantine, skip, truncationHint } from './outcome.js'

const SKIPPED_EVENTS = new Set([
  'notification',
  'conversation',
  'filters_changed',
  'announcement',
  'announcement.reaction',
  'announcement.delete',
  'encrypted_message',
  'notifications_merged',
])

/** Incremental SSE decoder fed with lines from a {@link LineSplitter}. */
export class SseDecoder {
  private event = ''
  private data: string[] = []
  private dataChars = 0
  private startLine = 0
  private count = 0
  private tooLarge = false
  /** Field lines seen in the current event (an `id:`-only event is still reported). */
  private fields = 0

  constructor(
    private readonly json: JsonRecordDecoder,
    private readonly keepRaw: boolean,
  ) {}

  /** Consumes lines; pushes outcomes for the events they complete. */
  lines(lines: readonly Line[], out: DecodedItem[]): void {
    for (const l of lines) {
      if (l.text === undefined) {
        this.startLine ||= l.no
        const why = l.tooLarge !== undefined ? 'TOO_LARGE' : 'INVALID_UTF8'
        out.push(
          quarantine(
            why,
            why === 'TOO_LARGE'
              ? `Line ${l.no} of the event stream is ${l.tooLarge ?? 0} bytes, over the ${MAX_LINE_BYTES}-byte limit.`
              : `Line ${l.no} of the event stream is not valid UTF-8.`,
            l.bytes,
            `line ${l.no}`,
          ),
        )
        this.reset() // the event it belongs to cannot be trusted
        continue
      }
      const t = l.text
      if (t === '') {
        this.dispatch(out)
        continue
      }
      if (t.charCodeAt(0) === 58 /* : */) {
        out.push(skip('An event-stream comment (heartbeat).', `line ${l.no}`))
        continue
      }
      const colon = t.indexOf(':')
      const field = colon === -1 ? t : t.slice(0, colon)
      let value = colon === -1 ? '' : t.slice(colon + 1)
      if (value.charCodeAt(0) === 32) value = value.slice(1)
      this.startLine ||= l.no
      this.fields++
      if (field === 'event') this.event = value
      else if (field === 'data') {
        this.dataChars += value.length
        if (this.dataChars > MAX_LINE_BYTES) this.tooLarge = true
        else this.data.push(value)
      }
      // `id:` and `retry:` (and unknown fields) carry nothing a post needs.
    }
  }

  /** Flushes an event left open at the end of input. */
  end(out: DecodedItem[]): void {
    this.dispatch(out)
  }

  private reset(): void {
    this.event = ''
    this.data = []
    this.dataChars = 0
    this.startLine = 0
    this.tooLarge = false
    this.fields = 0
  }

  private dispatch(out: DecodedItem[]): void {
    if (this.data.length === 0 && this.event === '' && !this.tooLarge) {
      const position = this.fields > 0 ? `line ${this.startLine}` : undefined
      if (position)
        out.push(skip('An event-stream event with no data (only `id:` or `retry:`).', position))
      this.reset()
      return
    }
    const name = this.event || 'message'
    const data = this.data.join('\n')
    const position = `event ${++this.count} (line ${this.startLine})`
    const raw = `event: ${name}\ndata: ${data}`
    const tooLarge = this.tooLarge
    this.reset()
    if (tooLarge) {
      out.push(
        quarantine(
          'TOO_LARGE',
          `The "${name}" event's data is over the ${MAX_LINE_BYTES}-byte limit.`,
          raw,
          position,
        ),
      )
      return
    }
    if (name === 'delete') {
      const id = data.trim().replace(/^"(.*)"$/, '$1')
      if (/^[A-Za-z0-9_.:-]{1,512}$/.test(id))
        out.push({ kind: 'delete', platform: 'mastodon', platformId: id, position })
      else
        out.push(
          quarantine(
            'WRONG_TYPE',
            'The "delete" event should carry a bare status id.',
            raw,
            position,
          ),
        )
      return
    }
    if (SKIPPED_EVENTS.has(name)) {
      out.push(skip(`A Mastodon "${name}" event, not a post.`, position))
      return
    }
    if (name !== 'update' && name !== 'status.update' && name !== 'message') {
      out.push(
        quarantine(
          'UNKNOWN_FORMAT',
          `The event type "${name}" is not one this decoder knows.`,
          raw,
          position,
        ),
      )
      return
    }
    let v: unknown
    try {
      v = JSON.parse(data)
    } catch (err) {
      out.push(
        quarantine(
          'MALFORMED_JSON',
          `The "${name}" event's data is not valid JSON${truncationHint(data, err)}: ${describeError(err)}.`,
          raw,
          position,
        ),
      )
      return
    }
    const ctx = { position, keepRaw: this.keepRaw, rawText: data }
    guarded(
      out,
      position,
      () => raw,
      () => {
        if (name !== 'message' && isObj(v) && isMastodonStatus(v)) decodeMastodonStatus(v, ctx, out)
        else this.json.decode(v, ctx, out)
      },
    )
  }
}
