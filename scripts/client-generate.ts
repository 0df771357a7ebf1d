// `npm run client:generate`: regenerates what @keyport/client takes from Keyport itself — its request and answer
// types (packages/client/src/openapi.ts, from the served OpenAPI document with openapi-typescript, then Prettier)
// and its README (the README's "Node client" section). `--check` writes nothing and fails when either is stale,
// so the client can never drift from the API (CI runs it).
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript'
import prettier from 'prettier'
import { buildOpenAPIDocuments } from './openapi-document.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const TYPES = `${root}packages/client/src/openapi.ts`
const README = `${root}packages/client/README.md`
const check = process.argv.includes('--check')

async function generatedTypes(): Promise<string> {
  const { api } = await buildOpenAPIDocuments()
  const source = COMMENT_HEADER + astToString(await openapiTS(api as never))
  const options = await prettier.resolveConfig(TYPES)
  return prettier.format(source, { ...options, filepath: TYPES })
}

function clientReadme(): string {
  const text = readFileSync(`${root}README.md`, 'utf8')
  const match = /<!-- node-client:start -->\n([\s\S]*?)<!-- node-client:end -->/.exec(text)
  if (!match) throw new Error('README.md has no node-client section')
  return `# @keyport/client\n\n<!-- Generated from Keyport's README by npm run client:generate. -->\n\n${match[1]!.replace(/^## Node client\n\n/, '')}`
}

const outputs: [string, string][] = [
  [TYPES, await generatedTypes()],
  [README, clientReadme()],
]
const stale = outputs.filter(([file, content]) => {
  let current = ''
  try {
    current = readFileSync(file, 'utf8')
  } catch {
    // Missing: stale.
  }
  return current !== content
})
if (check) {
  for (const [file] of stale)
    console.error(`${file.slice(root.length)} is stale: run npm run client:generate`)
  process.exitCode = stale.length > 0 ? 1 : 0
} else {
  for (const [file, content] of stale) writeFileSync(file, content)
  console.log(
    stale.length ? `wrote ${stale.map(([f]) => f.slice(root.length)).join(', ')}` : 'up to date',
  )
}
