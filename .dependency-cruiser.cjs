// The layering rules of docs/architecture.md ("Layers and the rules CI checks"), checked by `npm run lint:deps`.
// Routes call use cases; only src/store talks SQL; only the use cases seal and open; nothing below the HTTP layer
// imports it. A rule broken here fails CI.

/** The transports: Fastify routes (src/api) and the MCP server mounted beside them (src/mcp). */
const ROUTES = '^src/(api|mcp)/'
/** Folders of use cases: the only code that may seal, open or hash a secret (src/crypto). */
const USE_CASES = '^src/(credentials|webhooks|idempotency|keys|agents|users|workspaces|console)/'
/** The wiring at the top: builds everything and passes it down. */
const WIRING = '^src/(main|app|cli)\\.ts$'

module.exports = {
  forbidden: [
    {
      name: 'routes-call-use-cases-not-the-store',
      comment:
        'A route (src/api, src/mcp) calls a use case; the store is reached only through one.',
      severity: 'error',
      from: { path: ROUTES },
      to: { path: '^src/store/' },
    },
    {
      name: 'routes-do-not-seal',
      comment: 'A route never seals, opens or hashes a secret itself: that is a use case.',
      severity: 'error',
      from: { path: ROUTES },
      to: { path: '^src/crypto/' },
    },
    {
      name: 'only-the-store-talks-sql',
      comment: 'Kysely and the database drivers are imported by src/store only (types included).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: '^node_modules/(kysely|pg|better-sqlite3)/' },
    },
    {
      name: 'only-use-cases-seal-and-open',
      comment:
        'Only use-case folders (and the wiring, for the keyring) import src/crypto to call it. Elsewhere a type ' +
        '(Keyring, Sealed, SealContext) may be named, nothing called: src/store never encrypts.',
      severity: 'error',
      from: { path: '^src/', pathNot: [USE_CASES, WIRING, '^src/crypto/'] },
      to: { path: '^src/crypto/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-imports-the-http-layer',
      comment:
        'src/api is imported by the wiring (main, app) and the MCP transport beside it, nothing else.',
      severity: 'error',
      from: { path: '^src/', pathNot: [ROUTES, WIRING] },
      to: { path: '^src/api/' },
    },
    {
      name: 'no-cycles-between-folders',
      comment:
        'A cycle that leaves its top-level folder (src/a → src/b → src/a) makes the layers meaningless. Cycles ' +
        "inside one folder are that module's own business (docs/architecture.md lists the ones there are).",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { circular: true, via: { pathNot: '^src/$1/' } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
}
