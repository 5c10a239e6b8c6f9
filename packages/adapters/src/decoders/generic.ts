/**
 * Generic records (NDJSON objects, CSV rows) mapped to posts through a {@link FieldMapping}. With
 * no mapping, common names are tried (case-insensitively for CSV headers): `id`; `text`, `body`,
 * `content`, `message`; `createdAt`, `created_at`, `timestamp`, `time`, `date`; `author`, …
 *
 * `id`, `text` and a time are required. A record with no author gets the author `anonymous`:
 * survey and form exports often have none, and refusing them would lose the text. Platform is
 * `file` unless a `platform` field names a known platform (`twitter` is read as `x`).
 */
import { PLATFORMS, type Platform, type PostDraft } from '@civicpulse/core'
import type { DecodedItem, FieldMapping } from './types.js'
import {
  type Obj,
  describeValue,
  geoPoint,
  isObj,
  optId,
  toId,
  toNumber,
  toTime,
} from './fields.js'
import { type RecordContext, RecordError, guarded, quarantine } from './outcome.js'
import { keyList } from './x-v2.js'

/** The fields a mapping can name. */
export type MappedField = keyof FieldMapping

/** Names tried, in order, for each field when the mapping does not name it. */
export const DEFAULT_FIELD_NAMES: Record<MappedField, readonly string[]> = {
  id: ['id', 'post_id', 'postId', 'uuid', 'guid'],
  text: ['text', 'body', 'content', 'message', 'full_text', 'description'],
  createdAt: ['createdAt', 'created_at', 'timestamp', 'time', 'date', 'datetime', 'published'],
  author: ['author', 'author_id', 'authorId', 'user', 'user_id', 'username', 'handle'],
  authorName: ['authorName', 'author_name', 'display_name', 'displayName'],
  url: ['url', 'link', 'permalink'],
  lang: ['lang', 'language'],
  lat: ['lat', 'latitude'],
  lon: ['lon', 'lng', 'long', 'longitude'],
  replyTo: ['replyTo', 'reply_to', 'in_reply_to_id', 'parent_id', 'parentId'],
  platform: ['platform', 'source_platform'],
}

const FIELDS = Object.keys(DEFAULT_FIELD_NAMES) as MappedField[]

/** Reads one mapped field of one record; `name` says where it came from, for messages. */
export interface FieldReader {
  get(field: MappedField): unknown
  name(field: MappedField): string
}

const PLATFORM_ALIASES: Record<string, Platform> = { twitter: 'x', tweet: 'x', bsky: 'bluesky' }

function platformOf(v: unknown): Platform {
  if (typeof v !== 'string') return 'file'
  const p = v.trim().toLowerCase()
  if ((PLATFORMS as readonly string[]).includes(p)) return p as Platform
  return PLATFORM_ALIASES[p] ?? 'file'
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return undefined
}

/**
 * Builds a draft from a generic record. Throws {@link RecordError} when id, text or time is
 * missing or of the wrong type.
 */
export function genericToDraft(
  r: FieldReader,
  ctx: RecordContext,
  raw: unknown,
  idKey?: string,
): PostDraft {
  const id = toId(r.get('id'), `The post id (${r.name('id')})`, ctx.rawText, idKey)
  const textV = r.get('text')
  if (textV === undefined || textV === null)
    throw new RecordError('MISSING_FIELD', `The text (${r.name('text')}) of post ${id} is missing.`)
  if (typeof textV !== 'string') {
    throw new RecordError(
      'WRONG_TYPE',
      `The text (${r.name('text')}) of post ${id} should be text but is ${describeValue(textV)}.`,
    )
  }
  const timeV = r.get('createdAt')
  if (timeV === undefined || timeV === null || timeV === '')
    throw new RecordError(
      'MISSING_FIELD',
      `The time (${r.name('createdAt')}) of post ${id} is missing.`,
    )
  const createdAt = toTime(timeV)
  if (createdAt === undefined) {
    throw new RecordError(
      'BAD_TIMESTAMP',
      `The time (${r.name('createdAt')}) of post ${id} is ${describeValue(timeV)}, not a date.`,
    )
  }
  const authorV = r.get('author')
  let authorId: string | undefined
  let handle: string | undefined
  let displayName = str(r.get('authorName'))
  if (isObj(authorV)) {
    authorId =
      optId(authorV['id']) ??
      str(authorV['handle']) ??
      str(authorV['username']) ??
      str(authorV['name'])
    handle = str(authorV['handle']) ?? str(authorV['username'])
    displayName ??= str(authorV['name']) ?? str(authorV['display_name'])
  } else {
    authorId = str(authorV)
    handle = typeof authorV === 'string' ? authorId : undefined
  }
  const draft: PostDraft = {
    platform: platformOf(r.get('platform')),
    platformId: id,
    url: str(r.get('url')),
    author: { platformId: authorId ?? 'anonymous', handle, displayName },
    text: textV,
    createdAt,
  }
  const lang = str(r.get('lang'))
  if (lang !== undefined) draft.langHint = lang
  const reply = str(r.get('replyTo'))
  if (reply !== undefined) draft.replyToId = reply
  const point = geoPoint(toNumber(r.get('lat')), toNumber(r.get('lon')))
  if (point) draft.geo = point
  if (ctx.keepRaw) draft.raw = raw
  return draft
}

/** Resolves a dotted path (`user.name`, `coords.0`) in a parsed JSON value. */
function getPath(o: unknown, path: readonly string[]): unknown {
  let cur = o
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[Number(seg)]
    else if (isObj(cur)) cur = cur[seg]
    else return undefined
  }
  return cur
}

type Paths = Record<MappedField, readonly (readonly string[])[]>

/** Reads mapped fields of one parsed object; reused across records to avoid per-record closures. */
class ObjectReader implements FieldReader {
  o: Obj = {}
  /** The path each field was found at, for messages and exact id recovery. */
  found: Partial<Record<MappedField, readonly string[]>> = {}

  constructor(private readonly paths: Paths) {}

  get(f: MappedField): unknown {
    const o = this.o
    for (const p of this.paths[f]) {
      const v = p.length === 1 ? o[p[0] as string] : getPath(o, p)
      if (v !== undefined) {
        this.found[f] = p
        return v
      }
    }
    return undefined
  }

  name(f: MappedField): string {
    const p = this.found[f]
    return `field \`${p ? p.join('.') : this.paths[f].map((q) => q.join('.')).join('` / `')}\``
  }
}

/** A compiled NDJSON mapping: decodes one parsed object into one outcome. */
export class JsonMapping {
  private readonly reader: ObjectReader

  constructor(mapping: FieldMapping | undefined) {
    const paths = {} as Paths
    for (const f of FIELDS) {
      const m = mapping?.[f]
      paths[f] = m !== undefined ? [m.split('.')] : DEFAULT_FIELD_NAMES[f].map((n) => [n])
    }
    this.reader = new ObjectReader(paths)
  }

  /** Decodes one object; in auto mode an object with neither id nor text is UNKNOWN_FORMAT. */
  decode(o: Obj, ctx: RecordContext, out: DecodedItem[], auto: boolean): void {
    const reader = this.reader
    reader.o = o
    reader.found = {}
    if (auto && reader.get('text') === undefined && reader.get('id') === undefined) {
      out.push(
        quarantine(
          'UNKNOWN_FORMAT',
          `This JSON object matches none of the supported formats and has no \`id\` or \`text\` field; its keys are ${keyList(o)}.`,
          ctx.rawText ?? JSON.stringify(o),
          ctx.position,
        ),
      )
      return
    }
    guarded(
      out,
      ctx.position,
      () => ctx.rawText ?? JSON.stringify(o),
      () => {
        reader.get('id')
        const idKey = reader.found.id?.at(-1)
        out.push({
          kind: 'post',
          draft: genericToDraft(reader, ctx, o, idKey),
          position: ctx.position,
        })
      },
    )
  }
}

/** A compiled CSV mapping: column indexes for each field, from the header row. */
export class CsvMapping {
  private readonly index: Partial<Record<MappedField, number>> = {}
  readonly missing: MappedField[] = []

  constructor(
    readonly header: readonly string[],
    mapping: FieldMapping | undefined,
  ) {
    const lower = header.map((h) => h.trim().toLowerCase())
    for (const f of FIELDS) {
      const m = mapping?.[f]
      const names = m !== undefined ? [m] : DEFAULT_FIELD_NAMES[f]
      for (const n of names) {
        let i = header.indexOf(n)
        if (i === -1) i = lower.indexOf(n.toLowerCase())
        if (i !== -1) {
          this.index[f] = i
          break
        }
      }
      if (this.index[f] === undefined) this.missing.push(f)
    }
  }

  /** A reader over one row of cells; empty cells read as absent. */
  reader(cells: readonly string[]): FieldReader {
    return {
      get: (f) => {
        const i = this.index[f]
        if (i === undefined) return undefined
        const v = cells[i]
        return v === undefined || v === '' ? undefined : v
      },
      name: (f) => {
        const i = this.index[f]
        return i !== undefined
          ? `column \`${this.header[i] ?? ''}\``
          : `column ${DEFAULT_FIELD_NAMES[f]
              .map((n) => `\`${n}\``)
              .slice(0, 3)
              .join(' / ')} (not in the header)`
      },
    }
  }
}
