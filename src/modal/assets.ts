import { readFileSync } from 'node:fs'

const read = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8')

/** The modal's static files, read once at boot. */
export const ASSETS = Object.freeze({
  'modal.js': read('modal.js'),
  'modal.css': read('modal.css'),
  'callback.js': read('callback.js'),
  'demo.js': read('demo.js'),
})
