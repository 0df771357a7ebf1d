// Measurements that depend on parts other issues are building: the connect-token endpoint (issue 3) and the
// worker's expiry sweep and webhook deliveries (issue 4). Each is included once its code exists, else reported
// as pending, so the bench runs at every stage of the tree.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Scenario } from './scenarios.js'

export async function extraScenarios(root: string): Promise<{ scenarios: Scenario[]; pending: string[] }> {
  if (!existsSync(join(root, 'src', 'api', 'connect.ts'))) {
    return { scenarios: [], pending: ['authenticate with a connect token (src/api/connect.ts, issue 3, not in the tree yet)'] }
  }
  return { scenarios: [], pending: ['authenticate with a connect token (endpoint exists; scenario not wired yet)'] }
}

export async function pendingMeasurements(root: string): Promise<string[]> {
  void root
  return [
    'expiry sweep over all credentials (needs the issue-4 worker)',
    'webhook deliveries per second (needs the issue-4 worker)',
  ]
}
