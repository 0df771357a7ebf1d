import type {
  ApiRecipe,
  AppFile,
  AuthRecipe,
  AwsSigV4Recipe,
  Category,
  ClientCredentialsRecipe,
  Field,
  GitHubAppRecipe,
  JwtBearerRecipe,
  KeyRecipe,
  MintedRecipe,
  OAuth1Recipe,
  OAuth1TokenRecipe,
  OAuth2Recipe,
  Verification,
} from './schema.js'

/** The recipe's `type`, also the credential's `type`. */
export type AuthType = AuthRecipe['type']

/** A catalog field after loading: defaults applied, pattern compiled once. */
export interface AppField extends Field {
  required: boolean
  regex: RegExp | null
}

/** An app as the rest of Keyport sees it: validated, defaults applied, never mutated. */
export interface App {
  id: string
  name: string
  categories: Category[]
  docsURL: string
  icon: string | null
  /** `#rrggbb` from the catalog file, for apps without a simple-icons logo; else null. */
  brandColor: string | null
  confirmation: AppFile['confirmation']
  authType: AuthType
  isOAuth: boolean
  /** What the user types: connection fields for OAuth apps, the key fields otherwise. */
  fields: AppField[]
  oauth: OAuth2Recipe | null
  key: KeyRecipe | null
  /** Client credentials, JWT bearer or GitHub App: the credential mints short-lived tokens (src/auth-schemes). */
  minted: MintedRecipe | null
  /** The recipe as declared, whatever its type (schemes narrow it by `type`). */
  auth: AuthRecipe
  verification: Verification | null
  /** Why Keyport cannot check these credentials (declared instead of a verification), else null. */
  unverifiable: string | null
  /** Quirks module (OAuth) or signing scheme (keys) the recipe names, else null. */
  quirks: string | null
  /** How the proxy calls the app's API, or null (see `unproxyable`). */
  api: ApiRecipe | null
  /** Why the proxy cannot call this app's API; null when `api` is set or nothing is declared (private apps). */
  unproxyable: string | null
  /** Lower-cased id, name and categories, for search. */
  searchText: string
}

export type {
  Field,
  Verification,
  OAuth2Recipe,
  KeyRecipe,
  Category,
  ApiRecipe,
  AuthRecipe,
  MintedRecipe,
  OAuth1Recipe,
  OAuth1TokenRecipe,
  ClientCredentialsRecipe,
  JwtBearerRecipe,
  GitHubAppRecipe,
  AwsSigV4Recipe,
}
