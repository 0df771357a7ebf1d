import {
  claimDeliveries,
  deliverOne,
  loadDeliveryParts,
  type DeliveryContext,
} from '../webhooks/index.js'
import { releaseDeliveryLeases } from '../store/index.js'

export interface DeliveryLoopOptions {
  /** Parallel sends per node. */
  concurrency: number
  /** Sleep between polls when nothing is due. */
  pollMs: number
  onError: (error: unknown) => void
}

/**
 * Keeps up to `concurrency` deliveries in flight: claims as many due deliveries as there are free slots, sends
 * each, and claims again as slots free up. Claims are leases, so a node that dies mid-send loses nothing: once
 * the lease runs out another node claims and sends again (at-least-once; receivers dedupe on webhook-id).
 */
export class DeliveryLoop {
  private readonly inFlight = new Map<string, Promise<void>>()
  private running = false
  private loop: Promise<void> | null = null
  private wake: (() => void) | null = null
  private readonly abort = new AbortController()

  constructor(
    private readonly ctx: DeliveryContext,
    private readonly options: DeliveryLoopOptions,
  ) {}

  start(): void {
    if (this.running) return
    this.running = true
    this.loop = this.run()
  }

  /** Claims what fits in the free slots and starts sending; resolves with how many were claimed. */
  async fill(): Promise<number> {
    const free = this.options.concurrency - this.inFlight.size
    // Claim in batches (a quarter of the slots at least) rather than one row per freed slot: fewer claim queries.
    if (free <= 0 || (this.inFlight.size > 0 && free < Math.max(1, this.options.concurrency / 4)))
      return 0
    const claimed = await claimDeliveries({ ...this.ctx, signal: this.abort.signal }, free)
    if (claimed.length === 0) return 0
    const { events, endpoints } = await loadDeliveryParts(this.ctx, claimed)
    for (const delivery of claimed) {
      const sending = deliverOne(
        { ...this.ctx, signal: this.abort.signal },
        delivery,
        endpoints.get(delivery.endpointId),
        events.get(delivery.eventId),
      )
        .catch(this.options.onError)
        .finally(() => {
          this.inFlight.delete(delivery.id)
          this.wake?.()
        })
      this.inFlight.set(delivery.id, sending)
    }
    return claimed.length
  }

  /** One full pass for tests and the CLI: claim what is due, send it all, wait for the results. */
  async drain(): Promise<number> {
    let total = 0
    for (;;) {
      const n = await this.fill()
      total += n
      if (n === 0 && this.inFlight.size === 0) return total
      if (n === 0) await Promise.race(this.inFlight.values())
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0
      try {
        claimed = await this.fill()
      } catch (error) {
        this.options.onError(error)
      }
      if (!this.running) break
      // Full: wait for a slot. Nothing due: wait for the poll interval (or a slot freeing, whichever first).
      if (claimed === 0 || this.inFlight.size >= this.options.concurrency)
        await this.sleep(this.options.pollMs)
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      const self = this
      function done() {
        clearTimeout(timer)
        self.wake = null
        resolve()
      }
      // A freed slot (or stop()) ends the wait early.
      this.wake = done
    })
  }

  /**
   * Graceful stop: no new claims; in-flight sends get `graceMs` to finish, then are aborted and their leases
   * released so another node sends them right away instead of after the lease.
   */
  async stop(graceMs = 5000): Promise<void> {
    this.running = false
    this.wake?.()
    await this.loop
    const pending = [...this.inFlight.values()]
    if (pending.length > 0) {
      const timer = setTimeout(() => this.abort.abort(), graceMs)
      await Promise.allSettled(pending)
      clearTimeout(timer)
    }
    const leftover = [...this.inFlight.keys()]
    if (leftover.length > 0) await releaseDeliveryLeases(this.ctx.db, this.ctx.owner, leftover)
  }
}
