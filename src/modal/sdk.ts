// The embed script (modal/src/sdk.ts, built by scripts/build-modal.mjs): served as a classic script that sets
// window.Keyport (/sdk/keyport.js) and as an ES module (/sdk/keyport.mjs). The Keyport origin is written in at boot.
import { gzipSync } from 'node:zlib'
import { readBuilt } from './assets.js'

const PLACEHOLDER = '__KEYPORT_ORIGIN__'

export interface EmbedScripts {
  classic: string
  module: string
  gzippedBytes: number
}

export function buildEmbedScripts(publicURL: string): EmbedScripts {
  const origin = new URL(publicURL).origin
  const classic = readBuilt('sdk.js').replaceAll(PLACEHOLDER, origin)
  const module = readBuilt('sdk.mjs').replaceAll(PLACEHOLDER, origin)
  return { classic, module, gzippedBytes: gzipSync(classic).length }
}
