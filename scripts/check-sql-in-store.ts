// The half of "only src/store talks SQL" that an import rule cannot see: a use case holding a Kysely handle
// (deps.db, a transaction) can build a query without importing kysely. This names every query builder call and raw
// `sql` template outside src/store and fails if there is one. Transactions (db.transaction()) are allowed: a use
// case opens one and passes it to store functions (Kysely's own example app does the same).
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const QUERY =
  /\.(selectFrom|updateTable|insertInto|deleteFrom|replaceInto|mergeInto)\(|\bsql`|\.executeQuery\(/

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* sourceFiles(path)
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield path
  }
}

const found: string[] = []
for (const file of sourceFiles('src')) {
  if (file.startsWith(join('src', 'store'))) continue
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (QUERY.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`)
    })
}
if (found.length > 0) {
  console.error(
    `SQL outside src/store (move it into a store function, docs/architecture.md):\n${found.join('\n')}`,
  )
  process.exit(1)
}
console.log('no SQL outside src/store')
