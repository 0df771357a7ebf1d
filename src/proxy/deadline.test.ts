import { describe, expect, it } from 'vitest'
import { Deadline, UpstreamTimeout } from './deadline.js'

describe('Deadline', () => {
  it('aborts once the time is up, as undici expects of a signal', async () => {
    const deadline = new Deadline(20)
    let aborted = 0
    deadline.once('abort', () => aborted++)
    expect(deadline.aborted).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(aborted).toBe(1)
    expect(deadline.aborted).toBe(true)
    expect(deadline.reason).toBeInstanceOf(UpstreamTimeout)
  })

  it('does not abort once cleared', async () => {
    const deadline = new Deadline(20)
    deadline.clear()
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(deadline.aborted).toBe(false)
  })

  it('sleeps between retries, but no longer than the time left', async () => {
    const deadline = new Deadline(1000)
    await expect(deadline.sleep(10)).resolves.toBeUndefined()
    expect(deadline.listenerCount('abort')).toBe(0)
    const short = new Deadline(20)
    const started = Date.now()
    await expect(short.sleep(5000)).rejects.toBeInstanceOf(UpstreamTimeout)
    expect(Date.now() - started).toBeLessThan(2000)
    await expect(short.sleep(1)).rejects.toBeInstanceOf(UpstreamTimeout)
    deadline.clear()
  })
})
