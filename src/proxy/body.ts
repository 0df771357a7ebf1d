import type { Readable } from 'node:stream'
import { AppError } from '../errors.js'

/** The request body was larger than KEYPORT_PROXY_MAX_BODY_BYTES while it streamed. */
export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge'
  constructor(readonly limit: number) {
    super(`the request body is larger than ${limit} bytes`)
  }
}

export function tooLarge(limit: number): AppError {
  return new AppError(
    'payload_too_large',
    `The request body is larger than the proxy's limit of ${limit} bytes.`,
  )
}

/** The declared Content-Length, or null when the body is chunked or absent. */
export function declaredLength(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return null
  return Number(value)
}

/** Reads a small body whose length was declared, to keep it for a replay. */
export async function keepBody(source: Readable, length: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > length)
      throw new AppError('invalid_request', 'The body is longer than its Content-Length.')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks, size)
}

/** Reads a whole body, however it is sent, for a scheme that signs its hash; past `limit` bytes → 413. */
export async function holdBody(source: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  try {
    for await (const chunk of limited(source, limit)) chunks.push(chunk)
  } catch (error) {
    if (error instanceof BodyTooLarge) throw tooLarge(limit)
    throw error
  }
  return Buffer.concat(chunks)
}

/** Passes a body through chunk by chunk, failing with BodyTooLarge past `limit` bytes (never buffered whole). */
export async function* limited(source: Readable, limit: number): AsyncGenerator<Buffer> {
  let size = 0
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new BodyTooLarge(limit)
    yield chunk
  }
}
