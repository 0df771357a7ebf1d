import { hostname } from 'node:os'
import type { Keyring } from '../crypto/index.js'
import { newId } from '../ids.js'
import type { Metrics } from '../metrics/index.js'
import type { Store } from '../store/index.js'
import type { OutboundClient } from '../net/index.js'
import type { DeliveryContext } from '../webhooks/index.js'
import { DeliveryLoop } from './delivery-loop.js'

export interface Sweep {
  name: string
  intervalMs: number
  run: () => Promise<unknown>
}

export interface WorkerOptions {
  db: Store['db']
  dialect: 'sqlite' | 'postgres'
  keyring: Keyring
  now: () => Date
  /** Sends webhooks: the client trusting KEYPORT_WEBHOOK_ALLOWED_HOSTS, never the providers' one. */
  webhookClient: OutboundClient
  onError: (error: unknown, where: string) => void
  /** Counts delivery attempts; the node passes its own, tests built from a harness's deps get that one. */
  metrics?: Metrics
  delivery?: {
    concurrency?: number
    pollMs?: number
    timeoutMs?: number
    leaseMs?: number
    random?: () => number
  }
  sweeps?: readonly Sweep[]
}

/**
 * The background half of every node: webhook deliveries and periodic sweeps (refresh ahead of expiry, expiry
 * detection, advance warnings, health checks). Every node runs one; all of it is safe with N nodes, because
 * deliveries are claimed with leases and credential transitions are conditional updates.
 */
export class Worker {
  readonly id: string
  readonly deliveries: DeliveryLoop
  readonly context: DeliveryContext
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly running = new Set<Promise<unknown>>()
  private stopped = false

  constructor(private readonly options: WorkerOptions) {
    this.id = `${hostname()}:${process.pid}:${newId('key').slice(-8)}`
    const d = options.delivery ?? {}
    const { metrics } = options
    // The lease must outlast one send (15 s timeout) with room to record the result.
    const timeoutMs = d.timeoutMs ?? 15_000
    this.context = {
      db: options.db,
      dialect: options.dialect,
      keyring: options.keyring,
      now: options.now,
      client: options.webhookClient,
      owner: this.id,
      timeoutMs,
      leaseMs: d.leaseMs ?? timeoutMs + 30_000,
      ...(d.random ? { random: d.random } : {}),
      ...(metrics ? { onAttempt: (outcome) => metrics.webhookAttempt(outcome) } : {}),
    }
    this.deliveries = new DeliveryLoop(this.context, {
      concurrency: d.concurrency ?? 32,
      pollMs: d.pollMs ?? 250,
      onError: (error) => options.onError(error, 'webhook delivery'),
    })
  }

  start(): void {
    this.deliveries.start()
    for (const sweep of this.options.sweeps ?? [])
      this.schedule(sweep, sweep.intervalMs * Math.random())
  }

  private schedule(sweep: Sweep, delayMs: number): void {
    if (this.stopped) return
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      const run = sweep
        .run()
        .catch((error) => this.options.onError(error, sweep.name))
        .finally(() => {
          this.running.delete(run)
          this.schedule(sweep, sweep.intervalMs)
        })
      this.running.add(run)
    }, delayMs)
    timer.unref()
    this.timers.add(timer)
  }

  /** Stops claiming, lets in-flight work finish (bounded), and releases leases of what did not start. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    await Promise.allSettled([this.deliveries.stop(graceMs), ...this.running])
  }
}
