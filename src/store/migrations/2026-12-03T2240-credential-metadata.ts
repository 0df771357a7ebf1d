import type { Kysely, Migration } from 'kysely'

// The platform's own metadata on a credential, kept apart from Keyport's (typed public fields, token-response and
// callback metadata in `metadata`): a JSON object as text (null = none), validated by src/credentials before it gets
// here; filtered like a user's in store/credentials.ts.
export const credentialPlatformMetadata: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('credential').addColumn('platform_metadata', 'text').execute()
  },
}
