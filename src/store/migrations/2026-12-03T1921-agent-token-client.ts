import type { Kysely, Migration } from 'kysely'

// Whether the MCP client using an agent token declared URL-mode elicitation when it initialized. /mcp is stateless
// (any node answers any request, no session), so what the client said at `initialize` is kept with its token: a
// later tool call, on whichever node, knows it may ask the client to open a connect link.
export const agentTokenClient: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('agent_token')
      .addColumn('client_elicits_url', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
  },
}
