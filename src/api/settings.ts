// GET/PATCH /v1/settings: the calling workspace's own settings (no id in the URL: a key only ever sees its own).
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { getWorkspaceSettings, updateWorkspaceSettings } from '../workspaces/index.js'
import type { ApiDeps } from './deps.js'
import { described, errorResponses } from './schemas.js'
import { component } from './openapi-components.js'

const FrameAncestors = Type.Union(
  [Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 }), Type.Null()],
  {
    description:
      "Origins allowed to frame the modal (the embed script's iframe): `https://host[:port]` (a leading `*.` " +
      'label allowed), or `http://localhost[:port]` for development. `null` (the default): any origin; `[]`: none.',
    examples: [['https://app.example.com']],
  },
)
const Settings = component('Settings', Type.Object({ modalFrameAncestors: FrameAncestors }))
const SettingsPatch = Type.Object(
  { modalFrameAncestors: Type.Optional(FrameAncestors) },
  { additionalProperties: false },
)

export function settingsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['Settings']
  api.get(
    '/v1/settings',
    {
      schema: {
        tags,
        operationId: 'getSettings',
        summary: "Get the workspace's settings",
        description: 'The settings of the workspace the API key belongs to.',
        response: { 200: described(Settings, 'The settings.'), ...errorResponses },
      },
    },
    async (request) => getWorkspaceSettings(deps.db, request.workspaceId),
  )
  api.patch(
    '/v1/settings',
    {
      schema: {
        tags,
        operationId: 'updateSettings',
        summary: "Change the workspace's settings",
        description: 'Changes the settings sent and returns all of them.',
        body: SettingsPatch,
        response: { 200: described(Settings, 'The settings, changed.'), ...errorResponses },
      },
    },
    async (request) => updateWorkspaceSettings(deps, request.workspaceId, request.body),
  )
}
