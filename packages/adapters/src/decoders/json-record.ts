/**
 * Decodes one parsed JSON value (an NDJSON line, an SSE `data:` field or a whole document) with
 * the chosen format, or, in `auto` mode, after recognising its shape: X v2, Jetstream, Mastodon,
 * Reddit, or a generic object read through the field mapping. Arrays are decoded element by
 * element (a Mastodon timeline, Reddit's `[post, comments]` pair, an array of generic objects).
 */
import type { DecodedItem, FieldMapping, InputFormat } from './types.js'
import { type Obj, describeValue, isObj } from './fields.js'
import { type RecordContext, jsonRaw, quarantine, skip } from './outcome.js'
import { decodeXPayload, isXCompliance, isXErrors, isXPayload } from './x-v2.js'
import { decodeJetstreamEvent, isJetstreamEvent } from './bluesky.js'
import { decodeMastodonValue } from './mastodon.js'
import { decodeRedditValue, isRedditValue } from './reddit.js'
import { JsonMapping } from './generic.js'

/** The JSON payload kinds auto-detection can tell apart. */
export type JsonKind = 'x-v2' | 'bluesky-jetstream' | 'mastodon' | 'reddit' | 'ndjson'

/** Recognises the payload kind of one parsed JSON value (`ndjson` = generic object). */
export function detectJsonKind(v: unknown): JsonKind {
  if (Array.isArray(v)) {
    const first: unknown = v.find((e) => isObj(e))
    return first === undefined ? 'ndjson' : detectJsonKind(first)
  }
  if (!isObj(v)) return 'ndjson'
  if (isJetstreamEvent(v)) return 'bluesky-jetstream'
  if (isXPayload(v) || isXErrors(v) || isXCompliance(v)) return 'x-v2'
  if (isRedditValue(v)) return 'reddit'
  if ('account' in v && ('content' in v || 'type' in v)) return 'mastodon'
  if ('accounts' in v && 'last_status' in v) return 'mastodon'
  return 'ndjson'
}

/** Arrays of arrays deeper than this are refused (no payload format nests arrays like that). */
const MAX_ARRAY_NESTING = 8

/** Decodes JSON values of one input with a fixed format (or `auto`) and mapping. */
export class JsonRecordDecoder {
  private readonly generic: JsonMapping

  constructor(
    private readonly format: InputFormat,
    mapping: FieldMapping | undefined,
  ) {
    this.generic = new JsonMapping(mapping)
  }

  /** Decodes one value; pushes at least one outcome. */
  decode(v: unknown, ctx: RecordContext, out: DecodedItem[], depth = 0): void {
    if (Array.isArray(v)) {
      if (depth >= MAX_ARRAY_NESTING) {
        out.push(
          quarantine(
            'UNKNOWN_FORMAT',
            `Arrays nested more than ${MAX_ARRAY_NESTING} deep are not a payload format.`,
            ctx.rawText ?? jsonRaw(v),
            ctx.position,
          ),
        )
        return
      }
      if (v.length === 0) {
        out.push(skip('An empty JSON array.', ctx.position))
        return
      }
      for (let i = 0; i < v.length; i++) {
        const el: unknown = v[i]
        this.decode(
          el,
          { position: `${ctx.position} item ${i + 1}`, keepRaw: ctx.keepRaw },
          out,
          depth + 1,
        )
      }
      return
    }
    if (!isObj(v)) {
      out.push(
        quarantine(
          'UNKNOWN_FORMAT',
          `Expected a JSON object but found ${describeValue(v)}.`,
          ctx.rawText ?? jsonRaw(v),
          ctx.position,
        ),
      )
      return
    }
    const kind = this.format === 'auto' ? detectJsonKind(v) : this.format
    switch (kind) {
      case 'x-v2':
        decodeXPayload(v, ctx, out)
        return
      case 'bluesky-jetstream':
        if (isJetstreamEvent(v)) decodeJetstreamEvent(v, ctx, out)
        else this.wrongShape(v, 'a Bluesky Jetstream event (`did`, `kind`, `commit`)', ctx, out)
        return
      case 'mastodon':
        if (!decodeMastodonValue(v, ctx, out))
          this.wrongShape(v, 'a Mastodon status (`id`, `content`, `account`)', ctx, out)
        return
      case 'reddit':
        if (isRedditValue(v)) decodeRedditValue(v, ctx, out)
        else this.wrongShape(v, 'a Reddit Listing or thing (`kind`, `data`)', ctx, out)
        return
      default:
        this.generic.decode(v, ctx, out, this.format === 'auto')
    }
  }

  private wrongShape(v: Obj, expected: string, ctx: RecordContext, out: DecodedItem[]): void {
    const keys = Object.keys(v)
      .slice(0, 8)
      .map((k) => `\`${k}\``)
      .join(', ')
    out.push(
      quarantine(
        'UNKNOWN_FORMAT',
        `Expected ${expected} but found an object with the keys ${keys || '(none)'}.`,
        ctx.rawText ?? jsonRaw(v),
        ctx.position,
      ),
    )
  }
}
