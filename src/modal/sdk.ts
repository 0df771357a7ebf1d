// The embed script: one source (assets/sdk.js), served as a classic script that sets window.Keyport
// (/sdk/keyport.js) and as an ES module (/sdk/keyport.mjs). The Keyport origin is written in at serve time.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const SOURCE = readFileSync(new URL('./assets/sdk.js', import.meta.url), 'utf8')

/** Removes comment lines and indentation: a few hundred bytes, no build step. */
function compact(source: string): string {
  return source
    .split('\n')
    .map((line) => line.trim())
    .filter(
      (line) => line && !line.startsWith('//') && !line.startsWith('/*') && !line.startsWith('*'),
    )
    .join('\n')
}

export interface EmbedScripts {
  classic: string
  module: string
  gzippedBytes: number
}

export function buildEmbedScripts(publicURL: string): EmbedScripts {
  const origin = new URL(publicURL).origin
  const body = compact(SOURCE).replace('__KEYPORT_ORIGIN__', origin)
  const classic = `(function(){\n${body}\nwindow.Keyport = Keyport\n})();\n`
  const module = `${body}\nexport { Keyport, connect }\nexport default Keyport\n`
  return { classic, module, gzippedBytes: gzipSync(classic).length }
}
