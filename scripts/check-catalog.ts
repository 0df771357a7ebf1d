// Loads the built-in catalog (and any directories given as arguments) and reports the first error.
import { BUILTIN_CATALOG_DIR, loadCatalog } from '../src/catalog/index.js'

const dirs = [BUILTIN_CATALOG_DIR, ...process.argv.slice(2)]
const started = performance.now()
const apps = loadCatalog(dirs)
const byType = new Map<string, number>()
for (const app of apps.values()) byType.set(app.authType, (byType.get(app.authType) ?? 0) + 1)
console.log(
  `${apps.size} apps valid in ${(performance.now() - started).toFixed(1)} ms`,
  Object.fromEntries(byType),
)
