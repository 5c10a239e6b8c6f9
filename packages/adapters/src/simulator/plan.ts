/** The run-time plan types shared by the composer and the post builder. */
import type { SimPost } from './formats/post.js'
import type { Intent } from './grammar/types.js'
import type { Weighted } from './prng.js'
import type { CampaignSpec, FailureSpec } from './scenario.js'
import type { SimPlatform, SimTruth } from './types.js'

/** A planted failure at run time. */
export interface FailureRt {
  spec: FailureSpec
  onset: number
  end: number
  wards: string[]
  intents: Weighted<Intent>
}

/** A campaign at run time, with the council's launch post per platform. */
export interface CampaignRt {
  spec: CampaignSpec
  launch: number
  end: number
  themes: Weighted<CampaignSpec['themes'][number]>
  launched: Map<SimPlatform, Emitted>
}

/** A post to be written at time `at`. */
export type Plan =
  | { t: 'chatter' | 'civic' | 'spam'; at: number }
  | { t: 'failure'; at: number; f: FailureRt; intent: Intent }
  | { t: 'campaign'; at: number; c: CampaignRt }
  | { t: 'launch'; at: number; c: CampaignRt; platform: SimPlatform }
  | { t: 'reply'; at: number; target: Emitted; mode: 'agree' | 'chatter' | 'council' | 'thread' }
  | { t: 'repost' | 'copy'; at: number; target: Emitted }

/** A written post kept for follow-ups. */
export interface Emitted {
  post: SimPost
  truth: SimTruth
  ward: string
  serviceKey?: string | undefined
  failure?: FailureRt | undefined
  depth: number
}
