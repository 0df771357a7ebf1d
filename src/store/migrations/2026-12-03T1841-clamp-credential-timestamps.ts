import { sql, type Kysely, type Migration } from 'kysely'

// Before dates were checked at the boundary, an import could store an expiry outside the years 0001–9999
// ("+010000-01-01T00:00:00.000Z", "-000001-…", "0000-…"), which then broke every listing of that user's
// credentials and sorted wrongly in the expiry sweeps. Only toISOString() ever wrote these columns, so an
// out-of-range value starts with '+', '-' or '0000-'; each is brought to the nearest instant that can be stored,
// as reading a row does (readStoredTimestamp).
export const clampCredentialTimestamps: Migration = {
  async up(db: Kysely<any>) {
    for (const column of ['expires_at', 'refresh_expires_at']) {
      const ref = sql.ref(column)
      await sql`update credential set ${ref} = '9999-12-31T23:59:59.999Z' where ${ref} like '+%'`.execute(
        db,
      )
      await sql`update credential set ${ref} = '0001-01-01T00:00:00.000Z' where ${ref} like '-%' or ${ref} like '0000-%'`.execute(
        db,
      )
    }
  },
}
