// The app catalog: one JSON file per app, validated against one schema at boot, indexed by id.
// Owns: the file format (schema.ts), loading, search and template filling.
// Must not: make network calls or know about workspaces, users or credentials.
export { AppFile, Field as FieldSchema, Verification as VerificationSchema } from './schema.js'
export type { Conditions } from './schema.js'
export type {
  App,
  AppField,
  AuthType,
  Category,
  Verification,
  OAuth2Recipe,
  KeyRecipe,
  ApiRecipe,
  AuthRecipe,
  MintedRecipe,
  OAuth1Recipe,
  OAuth1TokenRecipe,
  ClientCredentialsRecipe,
  JwtBearerRecipe,
  GitHubAppRecipe,
  AwsSigV4Recipe,
} from './types.js'
export { isMintedRecipe } from './minted.js'
export { loadCatalog, parseAppFile, BUILTIN_CATALOG_DIR, CatalogError } from './loader.js'
export { fillTemplate, fillJSONTemplate, hostMatches } from './app.js'
export { meetsConditions, readJSONPath } from './conditions.js'
export { FORMATS } from './formats.js'
export { createCatalog, type Catalog, type AppQuery } from './catalog.js'
