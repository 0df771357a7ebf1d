import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// Every socket read lands in a buffer of its own, outside V8's heap (64 KB on a busy stream). A large answer
// relayed by the proxy makes almost no garbage on the heap, so V8 runs no collection while those buffers die, until
// its external-memory trigger fires tens of MB later: 100 MB through the proxy grew the process by ~30 MB of dead
// buffers (a bare undici relay too). So this looks at the Buffers' memory every `everyMs`, and when it has grown by
// more than `stepBytes` since it was last lowest, asks V8 for a young-generation collection, where short-lived
// buffers die — at most once every `minGapMs`: busy small requests make buffers as fast, and V8's own frequent
// collections free those; a collection for each 2 MB of them cost 1.5x the CPU of a proxied call (docs/performance.md).

export interface BufferReclaimOptions {
  stepBytes: number
  everyMs: number
  minGapMs: number
  /** Bytes held by Buffers and ArrayBuffers now. */
  readBytes: () => number
  /** A young-generation collection, run now. */
  collect: () => void
  now: () => number
}

/** V8's collector, exposed at run time: `--expose-gc` on the command line would bind every way of starting Keyport. */
export function youngGenerationCollector(): () => void {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as (options: { type: 'minor'; execution: 'sync' }) => void
  return () => gc({ type: 'minor', execution: 'sync' })
}

/** Starts looking; answers a function that stops it. The timer never keeps the process alive. */
export function startBufferReclaim(options: Partial<BufferReclaimOptions> = {}): () => void {
  const {
    stepBytes = 2 * 1024 * 1024,
    everyMs = 10,
    minGapMs = 100,
    readBytes = () => process.memoryUsage().arrayBuffers,
    collect = youngGenerationCollector(),
    now = () => performance.now(),
  } = options
  let lowest = readBytes()
  let collectedAt = -Infinity
  const timer = setInterval(() => {
    const bytes = readBytes()
    if (bytes - lowest <= stepBytes) {
      lowest = Math.min(lowest, bytes)
      return
    }
    if (now() - collectedAt < minGapMs) return
    collect()
    collectedAt = now()
    lowest = readBytes()
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
