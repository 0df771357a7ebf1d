import type { Kysely, Migration } from 'kysely'

// How an OAuth flow ended (a readable message when it failed), so the modal that opened the provider's popup can
// learn the outcome by polling when the popup cannot message it (a provider's COOP header severs window.opener).
export const oauthFlowOutcome: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('oauth_flow').addColumn('error_message', 'text').execute()
  },
}
