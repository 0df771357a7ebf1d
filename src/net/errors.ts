/**
 * The outbound guard refused the destination: its address (as resolved, or as connected to) is loopback, private,
 * link-local, metadata or otherwise non-public, and the client's policy does not trust it. Callers map it to a 422
 * (a value the user typed) or to "could not verify" (a scheduled check); never to "the key is wrong".
 */
export class OutboundRefused extends Error {
  override name = 'OutboundRefused'
  readonly code = 'EOUTBOUNDREFUSED'
  constructor(
    message: string,
    /** The host as the URL named it (lower case, no brackets). */
    readonly host: string,
  ) {
    super(message)
  }
}

/** A buffered read went past the client's response size cap. */
export class OutboundTooLarge extends Error {
  override name = 'OutboundTooLarge'
  readonly code = 'EOUTBOUNDTOOLARGE'
  constructor(readonly limit: number) {
    super(`the response is larger than ${limit} bytes`)
  }
}

/** The OutboundRefused behind an error, however deeply fetch or a caller wrapped it; null when there is none. */
export function outboundRefusal(error: unknown): OutboundRefused | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof OutboundRefused) return e
  }
  return null
}
