/**
 * Corrections that teach: every correction a person records updates the live labeller at once (so
 * later posts benefit immediately), and every few corrections the updated models are saved as a
 * new model version. Versions are kept; an operator can roll back to any of them.
 */
import type { CorrectionTask, LearningLabeller } from '@civicpulse/core'

/** Stored model versions. */
export interface ModelVersionStore {
  saveVersion(v: {
    version: string
    createdAt: number
    corrections: number
    snapshot: Uint8Array
  }): Promise<void>
}

/** What a correction says, as the teacher needs it. */
export interface TeachableCorrection {
  text: string
  task: string
  newValue: string
}

const TEACHABLE: ReadonlySet<string> = new Set<CorrectionTask>([
  'relevant',
  'intent',
  'service',
  'sentiment',
  'spam',
  'abuse',
])

export class Teacher {
  private learnt = 0
  private saved = 0

  constructor(
    private readonly labeller: LearningLabeller,
    private readonly versions: ModelVersionStore,
    private readonly opts: { snapshotEvery?: number; now?: () => number } = {},
  ) {}

  /** Learns from one correction; returns false when the task is not one the models learn (e.g. ward). */
  async onCorrection(c: TeachableCorrection): Promise<boolean> {
    if (!TEACHABLE.has(c.task)) return false
    this.labeller.learn({
      input: { id: 'correction', text: c.text },
      task: c.task as CorrectionTask,
      label: c.newValue,
    })
    this.learnt++
    if (this.learnt % (this.opts.snapshotEvery ?? 5) === 0) await this.saveVersion()
    return true
  }

  /** Saves the current models as a new version (also call at shutdown). */
  async saveVersion(): Promise<string> {
    const version = this.labeller.version
    this.saved = this.learnt
    await this.versions.saveVersion({
      version,
      createdAt: (this.opts.now ?? Date.now)(),
      corrections: this.learnt,
      snapshot: this.labeller.snapshot(),
    })
    return version
  }

  /** Saves a version when corrections were learnt since the last one (call at shutdown). */
  async saveIfChanged(): Promise<void> {
    if (this.learnt > this.saved) await this.saveVersion()
  }

  /** Corrections learnt since this process started. */
  get count(): number {
    return this.learnt
  }
}
