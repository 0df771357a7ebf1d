// Every console page and its path; src/api/console-pages.ts serves the same list (a path missing there is a 404).
import type { Route } from './router.js'
import { renderApp } from './pages/app.js'
import { renderApps } from './pages/apps.js'
import { renderCredential } from './pages/credential.js'
import { renderCredentials } from './pages/credentials.js'
import { renderEvents } from './pages/events.js'
import { renderOverview } from './pages/overview.js'
import { renderSettings } from './pages/settings.js'
import { renderUser } from './pages/user.js'
import { renderUsers } from './pages/users.js'
import { renderWebhook } from './pages/webhook.js'
import { renderWebhooks } from './pages/webhooks.js'

export const ROUTES: readonly Route[] = [
  { pattern: '/console', render: renderOverview },
  { pattern: '/console/users', render: renderUsers },
  { pattern: '/console/users/:userId', render: renderUser },
  { pattern: '/console/credentials', render: renderCredentials },
  { pattern: '/console/credentials/:credentialId', render: renderCredential },
  { pattern: '/console/webhooks', render: renderWebhooks },
  { pattern: '/console/webhooks/:webhookId', render: renderWebhook },
  { pattern: '/console/events', render: renderEvents },
  { pattern: '/console/apps', render: renderApps },
  { pattern: '/console/apps/:app', render: renderApp },
  { pattern: '/console/settings', render: renderSettings },
]
