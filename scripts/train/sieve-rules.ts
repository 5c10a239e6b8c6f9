/**
 * Validation of the rule-based heads (spam, urgency), which have no labelled set here:
 * - spam: a hand-written set (fixtures/spam-handwritten.ndjson, our own texts) and the share of real civic reports
 *   and generic tweets flagged as spam (civic reports should almost never be);
 * - urgency: flags against the disaster-response test categories used as proxies (risk to life ≈ search and
 *   rescue / death / medical help / fire; outage ≈ electricity; safety ≈ security / buildings / infrastructure),
 *   and the urgency score's ranking (AUC) of requests for help against unrelated messages.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { spamScore, urgencyOf } from '../../packages/adapters/src/sieve/heads/rules.ts'
import { readRows, sample } from './sieve-data.ts'

const r4 = (x: number): number => Math.round(x * 10000) / 10000
const sig = (z: number): number => 1 / (1 + Math.exp(-z))

function auc(pos: number[], neg: number[]): number {
  let s = 0
  for (const p of pos) for (const n of neg) s += p > n ? 1 : p === n ? 0.5 : 0
  return pos.length && neg.length ? s / (pos.length * neg.length) : 0
}

/** Measures the spam and urgency rules; returns the figures for docs/sieve-eval.json. */
export function evaluateRules(data: string): Record<string, unknown> {
  const hand = readFileSync(join(import.meta.dirname, 'fixtures/spam-handwritten.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { text: string; label: string })
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0
  for (const h of hand) {
    const s = sig(spamScore(h.text)) >= 0.5
    if (h.label === 'spam') {
      if (s) tp++
      else fn++
    } else if (s) fp++
    else tn++
  }
  const rate = (texts: string[]): number =>
    texts.filter((t) => sig(spamScore(t)) >= 0.5).length / Math.max(1, texts.length)
  const fms = readRows(data, 'fms-lewisham/lewisham_fms_reports.ndjson').map((r) => r.text)
  const tw = readRows(data, 'tweeteval/sentiment.ndjson')
    .filter((r) => r['split'] === 'test')
    .map((r) => r.text)
  const twcs = readRows(data, 'customer-support-twitter-sample/twcs_all_tweets.ndjson')
    .filter((r) => r['inbound'] === true)
    .map((r) => r.text)
  const spam = {
    handwritten: {
      n: hand.length,
      precision: r4(tp / Math.max(1, tp + fp)),
      recall: r4(tp / Math.max(1, tp + fn)),
      tp,
      fp,
      fn,
      tn,
    },
    flaggedShare: {
      fmsLewisham: r4(rate(fms)),
      tweetevalTest: r4(rate(tw)),
      customerSupportInbound: r4(rate(twcs)),
    },
  }
  const drm = readRows(data, 'disaster-response-messages/disaster_response.ndjson').filter(
    (r) => r['split'] === 'test',
  )
  const proxies: Record<string, string[]> = {
    risk_to_life: ['search_and_rescue', 'death', 'medical_help', 'fire'],
    outage: ['electricity'],
    safety: ['security', 'buildings', 'infrastructure_related'],
  }
  const flags: Record<string, unknown> = {}
  for (const [flag, cats] of Object.entries(proxies)) {
    let a = 0,
      b = 0,
      c = 0
    for (const r of drm) {
      const truth = ((r['categories'] as string[]) ?? []).some((x) => cats.includes(x))
      const got = urgencyOf(r.text).flags.includes(flag as never)
      if (got && truth) a++
      else if (got) b++
      else if (truth) c++
    }
    flags[flag] = {
      proxy: cats,
      precision: r4(a / Math.max(1, a + b)),
      recall: r4(a / Math.max(1, a + c)),
      support: a + c,
    }
  }
  const urgentCats = ['search_and_rescue', 'medical_help', 'death', 'fire', 'request']
  const posS = drm
    .filter((r) => ((r['categories'] as string[]) ?? []).some((x) => urgentCats.includes(x)))
    .map((r) => urgencyOf(r.text).score)
  const negS = sample(
    drm.filter((r) => r['label'] === 'not_related'),
    400,
    'urg',
  ).map((r) => urgencyOf(r.text).score)
  const urgency = {
    flagsVsDisasterResponseTest: flags,
    aucUrgentVsUnrelated: r4(auc(posS, negS)),
    nUrgent: posS.length,
    nUnrelated: negS.length,
  }
  console.log(
    `  spam: hand-written P ${spam.handwritten.precision} R ${spam.handwritten.recall}; flagged share FMS ${spam.flaggedShare.fmsLewisham}, tweeteval ${spam.flaggedShare.tweetevalTest}`,
  )
  console.log(
    `  urgency: AUC urgent vs unrelated ${urgency.aucUrgentVsUnrelated}; flags ${JSON.stringify(flags)}`,
  )
  return { spam, urgency }
}
