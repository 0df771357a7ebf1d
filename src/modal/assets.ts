import { existsSync, readFileSync } from 'node:fs'

const read = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8')

/** Where `npm run build` puts the modal's compiled browser scripts (modal/src, scripts/build-modal.mjs): the same
 *  place from src/modal (tsx) and dist/modal (compiled). */
const BUILT_DIR = new URL('../../dist/modal/browser/', import.meta.url)

/** A built script; without a build, a script that says so in the browser's console (the server still starts). */
export function readBuilt(name: string): string {
  const file = new URL(name, BUILT_DIR)
  if (existsSync(file)) return readFileSync(file, 'utf8')
  return `throw new Error('Keyport: ${name} is not built: run \`npm run build\` (it writes dist/modal/browser).')\n`
}

/** The modal's static files, read once at boot. */
export const ASSETS = Object.freeze({
  'modal.js': readBuilt('modal.js'),
  'modal.css': read('modal.css'),
  'callback.js': readBuilt('callback.js'),
  'demo.js': readBuilt('demo.js'),
})
