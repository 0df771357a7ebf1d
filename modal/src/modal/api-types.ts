// What the modal's API (/connect/api, src/api/connect.ts) answers and accepts, named once for the modal's code.
// Written by hand until the generated /connect/api types land; switching to them changes this file only.

/** One of the user's connections the modal may mention (GET /session). */
export interface SessionCredential {
  credentialId: string
  app: string
  name: string
  status: string
  /** Public connection values (shop, site, account). */
  metadata: Record<string, unknown>
  createdAt: string
}

/** GET /session: the connect token's user and the connections it may reuse. */
export interface Session {
  userId: string
  apps: string[] | null
  expiresAt: string
  credentials: SessionCredential[]
  appNames: Record<string, string>
}

/** One app of the picker (GET /apps). */
export interface AppSummary {
  app: string
  name: string
  icon: string | null
  mark: string
  isOauth: boolean
  categories: string[]
}

/** GET /apps?search=…: at most 60 apps, and how many matched. */
export interface AppList {
  total: number
  data: AppSummary[]
}

/** A field the user fills in (never a value). */
export interface AppField {
  name: string
  displayName: string
  description: string | null
  secret: boolean
  required: boolean
  pattern: string | null
  placeholder: string | null
  options: string[] | null
  default: string | null
  multiline: boolean
}

/** GET /apps/{app}: what the authentication screen needs. */
export interface AppDetails extends AppSummary {
  docsUrl: string | null
  oauthClientConfigured: boolean
  fields: AppField[]
}

/** POST /credentials. */
export interface CreateCredentialBody {
  app: string
  data: Record<string, string>
}

/** POST /credentials/{credentialId}/reconnect. */
export interface ReconnectCredentialBody {
  data: Record<string, string>
}

/** POST /credentials and POST /credentials/{credentialId}/reconnect. */
export interface ConnectedCredential {
  credentialId: string
  app: string
}

/** POST /oauth/start. */
export interface OAuthStartBody {
  app: string
  fields?: Record<string, string>
  credentialId?: string
}

/** POST /oauth/start: the `state` the popup posts to /oauth/start. */
export interface OAuthStart {
  state: string
  expiresAt: string
}

/** POST /oauth/status. */
export type OAuthStatus =
  | { status: 'pending' }
  | { status: 'connected'; credentialId: string; app: string }
  | { status: 'failed'; reason: string; message: string }

/** A field's complaint in an error answer (`error.fields`). */
export interface FieldProblem {
  field: string
  message: string
}
