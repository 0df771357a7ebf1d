import { execFileSync } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { startBufferReclaim } from './buffer-reclaim.js'

const MB = 1024 * 1024

/**
 * Runs the reclaimer over readings given in MB, one a tick, with a clock that moves `msPerTick` a tick; answers
 * what it read and when it collected, in order, until the readings ran out.
 */
async function replay(readings: number[], msPerTick: number): Promise<string[]> {
  const seen: string[] = []
  let at = 0
  let clock = 0
  const stop = startBufferReclaim({
    stepBytes: 4 * MB,
    everyMs: 1,
    minGapMs: 100,
    now: () => clock,
    readBytes: () => {
      if (at > 0) clock += msPerTick // the first read is the start
      const mb = readings[Math.min(at, readings.length - 1)]!
      if (at++ < readings.length) seen.push(String(mb))
      return mb * MB
    },
    collect: () => {
      if (at <= readings.length) seen.push('collect')
    },
  })
  while (at < readings.length) await sleep(2)
  stop()
  return seen
}

describe('buffer reclaim', () => {
  it('collects once the buffers have grown by a step since they were last lowest, then counts from there', async () => {
    // 10 at start; 12, 13 within 4 MB; 11 is the new lowest; 16 is 5 above: collect, re-read 16;
    // 3 is the new lowest; 8 is 5 above: collect, re-read 8.
    expect(await replay([10, 12, 13, 11, 16, 16, 3, 8, 8], 200)).toEqual([
      '10',
      '12',
      '13',
      '11',
      '16',
      'collect',
      '16',
      '3',
      '8',
      'collect',
      '8',
    ])
  })

  it('collects at most once every minGapMs, however fast the buffers grow', async () => {
    // 30 ms a tick: after the collection at 20, 30 and 40 are too soon (60 and 90 ms later), 50 is 120 ms later.
    expect(await replay([10, 20, 20, 30, 40, 50, 50], 30)).toEqual([
      '10',
      '20',
      'collect',
      '20',
      '30',
      '40',
      '50',
      'collect',
      '50',
    ])
  })

  it("V8's young-generation collection, asked for at run time, frees buffers nothing holds any more", () => {
    // In a process of its own: the test runner's worker collects on its own schedule, which would hide the effect.
    const script = `
      const { youngGenerationCollector } = await import(${JSON.stringify(new URL('./buffer-reclaim.ts', import.meta.url).href)})
      const collect = youngGenerationCollector()
      const mb = () => process.memoryUsage().arrayBuffers / ${MB}
      const left = []
      for (const reclaim of [false, true]) {
        const before = mb()
        for (let i = 0; i < 256; i++) Buffer.alloc(64 * 1024).fill(i) // 16 MB, like socket reads, each dropped
        if (reclaim) collect()
        await new Promise((resolve) => setTimeout(resolve, 50))
        left.push(mb() - before)
      }
      console.log(JSON.stringify(left))`
    const out = execFileSync(process.execPath, [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ])
    const [withoutCollection, withCollection] = JSON.parse(out.toString()) as [number, number]
    expect(withoutCollection).toBeGreaterThan(12) // the 16 MB of dead buffers still held
    expect(withCollection).toBeLessThan(withoutCollection - 12)
  })

  it('stops: no reading after stop()', async () => {
    let reads = 0
    const stop = startBufferReclaim({ everyMs: 1, readBytes: () => ++reads, collect: () => {} })
    await sleep(20)
    stop()
    const after = reads
    await sleep(20)
    expect(reads).toBe(after)
  })
})
