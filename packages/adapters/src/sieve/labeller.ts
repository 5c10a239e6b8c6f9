/**
 * The labeller: every label of the sieve for a post, from ONE featurisation shared by all heads —
 * relevance, intent, service (the service classifier), sentiment, urgency, language, places (the place
 * resolver), spam and abuse — plus corrections that update the models in memory (`learn`) and a snapshot of
 * the updated models (`snapshot`) that `loadLabeller({ snapshot })` restores.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { INTENTS, SENTIMENTS, type Labels, type LabelInput, type Place } from '@civicpulse/core'
import { FusedHeads, LinearModel, fnv1a, type Features } from './linear/index.js'
import { postFeatures, postFeaturesTransient } from './features.js'
import { hasComplaintCue, spamScore, urgencyOf } from './heads/rules.js'
import { loadLanguageDetector, type LanguageDetector } from './language/index.js'
import { loadServiceClassifier, ServiceKeywords } from './service/index.js'
import { loadPlaceResolver } from './places/index.js'
import { loadTaxonomy, type Taxonomy } from './taxonomy/index.js'

/** Where the committed models live (packages/adapters/models). */
export const DEFAULT_MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url))

/** Number of lexicon extras `postFeatures` appends (the service model is trained without them). */
const N_EXTRAS = 4

/** The tasks a person can correct through `learn`. */
export type CorrectableTask = 'relevant' | 'intent' | 'service' | 'sentiment' | 'spam' | 'abuse'

/** A person's correction of one label of one post. */
export interface Correction {
  input: LabelInput
  task: CorrectableTask
  label: string
}

/** Labels posts; learns from corrections; snapshots its updated models. */
export interface Labeller {
  /** All labels of one post. */
  label(input: LabelInput): Labels
  /** All labels of many posts (same as mapping `label`). */
  labelBatch(inputs: LabelInput[]): Labels[]
  /** Model version: a hash of the model files, plus `+N` after N corrections learnt. */
  version: string
  /** Learns one correction now: later posts sharing its words move towards the corrected label. */
  learn(correction: Correction): void
  /** Serialised updated models (Float32), restorable with `loadLabeller({ snapshot })`. */
  snapshot(): Uint8Array
}

/** The service part of the labeller (the other half of the sieve; see sieve/service). */
export interface ServiceHead {
  classifyFeatures(f: Features): Labels['service']
  model?: LinearModel
}

/** The place part of the labeller (see sieve/places). */
export interface PlaceHead {
  resolve(text: string, lat?: number, lon?: number): Place[]
}

/** Options for `loadLabeller`. */
export interface LabellerOptions {
  /** Folder of the model files (default packages/adapters/models). */
  modelsDir?: string
  /** Taxonomy YAML for the service names and SHEF groups (default: the UK one). */
  taxonomyPath?: string
  /** Jurisdiction pack folder for places (default: Lewisham). */
  jurisdictionDir?: string
  /** A snapshot from `Labeller.snapshot()` whose models replace the files' (corrections kept). */
  snapshot?: Uint8Array
  /** Injected service head (tests, or a deployment's own). */
  service?: ServiceHead
  /** Injected place resolver (tests, or a deployment's own). */
  places?: PlaceHead
}

/** The hate head's probability above which it raises `abuse` (fitted on TweetEval offensive + hate validation). */
const HATE_SURE = 0.8
const I_COMPLAINT = INTENTS.indexOf('complaint')
const I_PRAISE = INTENTS.indexOf('praise')

const r4 = (x: number): number => Math.round(x * 10000) / 10000
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))
const SNAP_MAGIC = 0x4e535043 // "CPSN"

function readModel(dir: string, file: string): LinearModel {
  const p = join(dir, file)
  if (!existsSync(p))
    throw new Error(
      `Model file ${p} is missing: run "npm run train" (needs ../shared/data) or restore packages/adapters/models.`,
    )
  return LinearModel.deserialise(new Uint8Array(readFileSync(p)))
}

function unpackSnapshot(bytes: Uint8Array): Map<string, LinearModel> {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.byteLength < 8 || dv.getUint32(0, true) !== SNAP_MAGIC)
    throw new Error('Not a Civic Pulse labeller snapshot.')
  const len = dv.getUint32(4, true)
  const index = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) as {
    name: string
    offset: number
    length: number
  }[]
  const out = new Map<string, LinearModel>()
  const base = 8 + len
  for (const e of index)
    out.set(
      e.name,
      LinearModel.deserialise(bytes.slice(base + e.offset, base + e.offset + e.length)),
    )
  return out
}

function packSnapshot(models: Record<string, LinearModel>): Uint8Array {
  const parts: { name: string; bytes: Uint8Array }[] = Object.entries(models).map(([name, m]) => ({
    name,
    bytes: m.serialise('float32'),
  }))
  let offset = 0
  const index = parts.map((p) => {
    const e = { name: p.name, offset, length: p.bytes.length }
    offset += p.bytes.length
    return e
  })
  const json = new TextEncoder().encode(JSON.stringify(index))
  const out = new Uint8Array(8 + json.length + offset)
  const dv = new DataView(out.buffer)
  dv.setUint32(0, SNAP_MAGIC, true)
  dv.setUint32(4, json.length, true)
  out.set(json, 8)
  let at = 8 + json.length
  for (const p of parts) {
    out.set(p.bytes, at)
    at += p.bytes.length
  }
  return out
}

function fallbackService(): ServiceHead {
  return { classifyFeatures: () => ({ code: 'unknown', name: 'Unknown service', p: 0, top: [] }) }
}

/** Loads every model (< 1 s) and returns the labeller. */
export async function loadLabeller(opts: LabellerOptions = {}): Promise<Labeller> {
  const dir = opts.modelsDir ?? DEFAULT_MODELS_DIR
  const snap = opts.snapshot ? unpackSnapshot(opts.snapshot) : new Map<string, LinearModel>()
  const get = (name: string): LinearModel => snap.get(name) ?? readModel(dir, `${name}.cplm`)
  const sentiment = get('sentiment')
  const relevant = get('relevant')
  const intent = get('intent')
  const offensive = get('offensive')
  const hate = get('hate')
  const langHead = existsSync(join(dir, 'language.cplm')) ? get('language') : undefined
  // Spam has no labelled data: rules give the prior logit and this (initially empty) model learns corrections.
  const spam = snap.get('spam') ?? new LinearModel(['ham', 'spam'], 18, 'spam')
  let service: ServiceHead
  // When the service model shares the heads' hash bits it is fused too: its classifier then reads the
  // probabilities computed by the fused pass through a stand-in model.
  let serviceModel: LinearModel | undefined
  let taxonomy: Taxonomy | undefined
  let keywords: ServiceKeywords | undefined
  if (opts.service) service = opts.service
  else {
    const serviceFile = join(dir, 'service.cplm')
    if (existsSync(serviceFile) || snap.has('service')) {
      serviceModel =
        snap.get('service') ?? LinearModel.deserialise(new Uint8Array(readFileSync(serviceFile)))
      taxonomy = opts.taxonomyPath ? loadTaxonomy(opts.taxonomyPath) : loadTaxonomy()
      service = loadServiceClassifier({ model: serviceModel, taxonomy })
      keywords = new ServiceKeywords(taxonomy)
    } else service = fallbackService()
  }
  const places: PlaceHead =
    opts.places ?? loadPlaceResolver(opts.jurisdictionDir ? { dir: opts.jurisdictionDir } : {})
  const language: LanguageDetector = await loadLanguageDetector(langHead)

  // Version: a short hash of the model files' headers and sizes, and the number of corrections learnt.
  let h = 0x811c9dc5
  for (const m of [sentiment, relevant, intent, offensive, hate, langHead, service.model]) {
    if (m)
      h = fnv1a(
        `${m.name}:${m.labels.join(',')}:${m.temperature}:${m.bits}:${Array.from(m.b).join(',')}:${m.quantised?.scales.join(',') ?? ''}`,
        h,
      )
  }
  const baseVersion = `sieve-${(h >>> 0).toString(16).padStart(8, '0')}`
  let corrections = 0

  // Fused inference: models sharing a bit count are interleaved into one Int8 table each; a head leaves its
  // fused table (and is predicted from its Float32 weights) once it has learnt a correction.
  const spamModel = spam
  const all: LinearModel[] = [
    sentiment,
    relevant,
    intent,
    offensive,
    hate,
    spamModel,
    ...(langHead ? [langHead] : []),
  ]
  const groups = new Map<number, LinearModel[]>()
  for (const m of all) groups.set(m.bits, [...(groups.get(m.bits) ?? []), m])
  const fusedTables = [...groups.values()].map((ms) => new FusedHeads(ms))
  const slot = new Map<LinearModel, { t: FusedHeads; i: number }>()
  for (const t of fusedTables) t.models.forEach((m, i) => slot.set(m, { t, i }))
  const fused = { run: (f: Features): void => fusedTables.forEach((t) => t.run(f)) }
  // The service model reads the base features plus its taxonomy keyword features (see sieve/service), so it
  // has its own fused table, run on those features.
  const serviceTable = serviceModel ? new FusedHeads([serviceModel]) : undefined
  const serviceProbs = new Float64Array(serviceModel?.labels.length ?? 1)
  const serviceInfo =
    serviceModel && taxonomy ? serviceModel.labels.map((c) => taxonomy.byCode.get(c)) : []
  const serviceLabelFrom = (p: Float64Array): Labels['service'] => {
    const m = serviceModel as LinearModel
    const t = taxonomy as Taxonomy
    // Top 3 in one pass.
    let a = -1
    let b = -1
    let c = -1
    for (let k = 0; k < p.length; k++) {
      const v = p[k] as number
      if (a < 0 || v > (p[a] as number)) {
        c = b
        b = a
        a = k
      } else if (b < 0 || v > (p[b] as number)) {
        c = b
        b = k
      } else if (c < 0 || v > (p[c] as number)) c = k
    }
    const top = [a, b, c].filter((k) => k >= 0)
    const k0 = top[0] ?? 0
    const info = serviceInfo[k0]
    const code = m.labels[k0] ?? t.fallback
    const label: Labels['service'] = {
      code,
      name: info?.name ?? code,
      p: r4(p[k0] ?? 0),
      top: top.map((k) => ({
        code: m.labels[k] as string,
        name: serviceInfo[k]?.name ?? (m.labels[k] as string),
        p: r4(p[k] as number),
      })),
    }
    if (info?.shefB) label.shefB = info.shefB
    if (info?.shefC) label.shefC = info.shefC
    return label
  }
  const unfused = new Set<LinearModel>()
  const predict = (m: LinearModel, f: Features, out: Float64Array): Float64Array => {
    const s = slot.get(m)
    return s !== undefined && !unfused.has(m) ? s.t.predict(s.i, out) : m.predict(f, out)
  }
  const bufL = new Float64Array(langHead?.labels.length ?? 1)
  const iEn = langHead ? langHead.labels.indexOf('en') : -1
  const iHi = langHead ? langHead.labels.indexOf('hi') : -1
  const serviceFeatures = (f: Features): Features => ({
    idx: f.idx.subarray(0, f.idx.length - N_EXTRAS),
    val: f.val.subarray(0, f.val.length - N_EXTRAS),
    tokens: f.tokens,
  })
  const bufS = new Float64Array(3)
  const bufI = new Float64Array(INTENTS.length)
  const bufB = new Float64Array(2)

  const labeller: Labeller = {
    version: baseVersion,
    label(input: LabelInput): Labels {
      const text = input.text
      const f = postFeaturesTransient(text)
      fused.run(f)
      const pRel = predict(relevant, f, bufB)[1] as number
      predict(intent, f, bufI)
      let ib = 0
      for (let k = 1; k < bufI.length; k++) if ((bufI[k] as number) > (bufI[ib] as number)) ib = k
      predict(sentiment, f, bufS)
      let intentLabel = {
        label: INTENTS[ib] as Labels['intent']['label'],
        p: r4(bufI[ib] as number),
      }
      // Sarcastic thanks ("Great, bins not collected AGAIN. Thanks 🙄") are complaints: praise with complaint cues
      // and no clearly positive sentiment moves the praise mass to complaint.
      if (INTENTS[ib] === 'praise' && (bufS[2] as number) < 0.7 && hasComplaintCue(text)) {
        intentLabel = {
          label: 'complaint',
          p: r4((bufI[I_COMPLAINT] as number) + (bufI[I_PRAISE] as number)),
        }
      }
      let sb = 0
      for (let k = 1; k < 3; k++) if ((bufS[k] as number) > (bufS[sb] as number)) sb = k
      const pNeg = bufS[0] as number
      const sentimentLabel = {
        label: SENTIMENTS[sb] as Labels['sentiment']['label'],
        score: r4((bufS[2] as number) - pNeg),
      }
      const pOff = predict(offensive, f, bufB)[1] as number
      const pHate = predict(hate, f, bufB)[1] as number
      const sp = predict(spamModel, f, bufB)
      const spamLogit = spamScore(text) + Math.log((sp[1] as number) / (sp[0] as number))
      let serviceLabel: Labels['service']
      if (serviceTable && serviceModel && keywords) {
        const fs = keywords.augment(serviceFeatures(f))
        if (unfused.has(serviceModel)) serviceModel.predict(fs, serviceProbs)
        else {
          serviceTable.run(fs)
          serviceTable.predict(0, serviceProbs)
        }
        serviceLabel = serviceLabelFrom(serviceProbs)
      } else serviceLabel = service.classifyFeatures(serviceFeatures(f))
      // Urgency rules fire on words ("fire", "flood") that are often figurative: they count in full only on
      // posts that concern a public service.
      const u = urgencyOf(text, pNeg, serviceLabel)
      const urgency = {
        score: r4(u.score * (0.25 + 0.75 * pRel)),
        flags: pRel >= 0.35 ? u.flags : [],
      }
      let ownTop: { label: string; p: number; pEnglish: number } | undefined
      if (langHead) {
        predict(langHead, f, bufL)
        let lb = 0
        for (let k = 1; k < bufL.length; k++) if ((bufL[k] as number) > (bufL[lb] as number)) lb = k
        const pEnglish =
          (iEn >= 0 ? (bufL[iEn] as number) : 0) + (iHi >= 0 ? (bufL[iHi] as number) : 0)
        ownTop = { label: langHead.labels[lb] as string, p: bufL[lb] as number, pEnglish }
      }
      const lang = language.detect(text, f, ownTop)
      const out: Labels = {
        id: input.id,
        relevant: { p: r4(pRel) },
        intent: intentLabel,
        service: serviceLabel,
        sentiment: sentimentLabel,
        urgency,
        language: { code: lang.code, p: r4(lang.p) },
        places: places.resolve(text, input.lat, input.lon),
        spam: { p: r4(sigmoid(spamLogit)) },
        // The hate head (HatEval) over-fires on ordinary posts: it only counts when sure (chosen on validation).
        abuse: { p: r4(pHate >= HATE_SURE ? Math.max(pOff, pHate) : pOff) },
        model: labeller.version,
      }
      return out
    },
    labelBatch(inputs: LabelInput[]): Labels[] {
      return inputs.map((i) => labeller.label(i))
    },
    learn(c: Correction): void {
      const f = postFeatures(c.input.text)
      const yes = /^(?:true|yes|1|relevant|spam|abuse|abusive|offensive|hate)$/i.test(c.label)
      switch (c.task) {
        case 'relevant':
          relevant.learn(f, yes ? 'relevant' : 'not-relevant')
          break
        case 'intent':
          intent.learn(f, c.label)
          break
        case 'sentiment':
          sentiment.learn(f, c.label)
          break
        case 'service': {
          if (serviceModel && keywords)
            serviceModel.learn(keywords.augment(serviceFeatures(f)), c.label)
          else if (service.model) service.model.learn(serviceFeatures(f), c.label)
          else throw new Error('This service head cannot learn corrections.')
          break
        }
        case 'abuse':
          if (yes) offensive.learn(f, 'offensive')
          else {
            offensive.learn(f, 'not-offensive')
            hate.learn(f, 'not-hate')
          }
          break
        case 'spam': {
          // The rules' logit acts as a fixed offset while the residual model learns.
          const prior = spamScore(c.input.text)
          spam.calibBias[1] = prior
          try {
            spam.learn(f, yes ? 'spam' : 'ham')
          } finally {
            spam.calibBias[1] = 0
          }
          break
        }
        default:
          throw new Error(`Unknown task "${String(c.task)}".`)
      }
      const touched: Record<CorrectableTask, (LinearModel | undefined)[]> = {
        relevant: [relevant],
        intent: [intent],
        sentiment: [sentiment],
        service: [serviceModel ?? service.model],
        abuse: [offensive, hate],
        spam: [spamModel],
      }
      for (const m of touched[c.task]) if (m) unfused.add(m)
      corrections++
      labeller.version = `${baseVersion}+${corrections}`
    },
    snapshot(): Uint8Array {
      const models: Record<string, LinearModel> = {
        sentiment,
        relevant,
        intent,
        offensive,
        hate,
        spam,
      }
      if (langHead) models['language'] = langHead
      const sm = serviceModel ?? service.model
      if (sm) models['service'] = sm
      return packSnapshot(models)
    },
  }
  return labeller
}
