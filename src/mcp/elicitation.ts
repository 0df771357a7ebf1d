// URL-mode elicitation (MCP 2025-11-25): the server asks the client to have the user open a URL. /mcp is stateless,
// so the client's answer (accept / decline) comes back as a new POST that no server instance waits for: the request
// is sent and not awaited. Nothing depends on the answer — the link is in the tool result too, and the agent learns
// that the user connected from list_connections.
import { randomUUID } from 'node:crypto'
import { ElicitResultSchema, type ElicitRequestURLParams } from '@modelcontextprotocol/sdk/types.js'
import type { ConnectLink } from '../agents/index.js'

export interface ElicitationChannel {
  /** The client declared URL-mode elicitation at initialize. */
  supportsURL: boolean
  /** Sends `elicitation/create` on the stream of the tool call being answered. */
  send: (params: ElicitRequestURLParams) => Promise<unknown>
}

export type ElicitationOutcome = 'sent' | 'unsupported'

export function offerConnectLink(
  channel: ElicitationChannel,
  link: ConnectLink,
): ElicitationOutcome {
  if (!channel.supportsURL) return 'unsupported'
  // The answer reaches another (stateless) server instance, or none if the stream is gone: never awaited.
  channel
    .send({
      mode: 'url',
      elicitationId: randomUUID(),
      url: link.url,
      message: `Connect your ${link.app} account in Keyport so the assistant can use it. The link expires at ${link.expiresAt}.`,
    })
    .catch(() => undefined)
  return 'sent'
}

export { ElicitResultSchema }
