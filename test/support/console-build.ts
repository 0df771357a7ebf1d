// Vitest global setup: builds the console front-end (console/ → dist/console-ui) and the modal's browser scripts
// (modal/ → dist/modal/browser) when missing or older than their sources, so a fresh clone's `npm test` and a run
// after editing either serve the current bundle. Keyport reads both at boot (src/api/console-pages.ts,
// src/modal/assets.ts); without a build /console answers 503 and the modal's scripts only throw "not built".
// The same check as the `keyport` command's (bin/entry.js).
import { staleBundles } from '../../bin/entry.js'

export default async function setup(): Promise<void> {
  for (const bundle of staleBundles(new URL('../../', import.meta.url)))
    await bundle.build({ quiet: true })
}
