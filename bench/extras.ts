// The connect-token scenario depends on the modal's API (issue 3): included when src/api/connect.ts exists, else
// reported as pending, so the bench runs at every stage of the tree.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { CREATE_APP, type Scenario } from './scenarios.js'

export async function extraScenarios(
  root: string,
): Promise<{ scenarios: Scenario[]; pending: string[] }> {
  if (!existsSync(join(root, 'src', 'api', 'connect.ts'))) {
    return {
      scenarios: [],
      pending: [
        'authenticate with a connect token (src/api/connect.ts, issue 3, not in the tree yet)',
      ],
    }
  }
  return { scenarios: [CONNECT_TOKEN], pending: [] }
}

const TOKENS = 1000

/**
 * A modal call authenticated by a connect token: GET /connect/api/apps/:app for a key app needs no database read
 * beyond the token check, so this measures the token check (hash + cached indexed read) and the framework.
 */
const CONNECT_TOKEN: Scenario = {
  name: 'connect-token auth',
  target: 'keyport',
  method: 'GET',
  path: `/connect/api/apps/${CREATE_APP}`,
  ids: () => [],
  status: 200,
  bearer: 'id',
  async prepare(url, seeded) {
    const tokens: string[] = []
    for (let i = 0; i < TOKENS; i++) {
      const userId = seeded.userIds[i % seeded.userIds.length]!
      const response = await fetch(`${url}/v1/users/${userId}/token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${seeded.apiKey}`, 'content-type': 'application/json' },
        body: '{}',
      })
      if (response.status !== 201)
        throw new Error(`minting a connect token: HTTP ${response.status} ${await response.text()}`)
      tokens.push(((await response.json()) as { token: string }).token)
    }
    return tokens
  },
}
