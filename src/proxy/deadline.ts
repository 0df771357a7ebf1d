import { EventEmitter } from 'node:events'

/** The proxied exchange ran past KEYPORT_PROXY_TIMEOUT_MS. */
export class UpstreamTimeout extends Error {
  override name = 'UpstreamTimeout'
}

/**
 * The time bound of one proxied exchange, used as undici's abort signal (undici takes any emitter with `aborted`,
 * `reason` and an 'abort' event). An AbortController would do the same, but creating one (an EventTarget) was a
 * measurable part of a proxied call's CPU in the bench profile, and every call needs a bound.
 */
export class Deadline extends EventEmitter {
  aborted = false
  reason: unknown = undefined
  readonly #timer: NodeJS.Timeout

  constructor(ms: number) {
    super()
    this.#timer = setTimeout(() => {
      this.aborted = true
      this.reason = new UpstreamTimeout()
      this.emit('abort')
    }, ms).unref()
  }

  /** The exchange ended (answered whole, or refused): the bound no longer applies. */
  clear(): void {
    clearTimeout(this.#timer)
  }

  /** Waits `ms` (between retries), rejecting with the timeout as soon as the bound passes. */
  sleep(ms: number): Promise<void> {
    if (this.aborted) return Promise.reject(this.reason)
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(wait)
        reject(this.reason)
      }
      const wait = setTimeout(() => {
        this.off('abort', onAbort)
        resolve()
      }, ms)
      this.once('abort', onAbort)
    })
  }
}
