// `npm run client:generate`: regenerates what Keyport's two clients take from Keyport itself — @keyport/client's
// request and answer types (packages/client/src/openapi.ts, from the served OpenAPI document) and its README (the
// README's "Node client" section), and the modal's types (modal/src/generated/connect-api.ts, from the modal API's
// document), each with openapi-typescript, then Prettier. `--check` writes nothing and fails when one is stale, so
// neither client can drift from the API it calls (CI runs it).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript'
import prettier from 'prettier'
import { buildOpenAPIDocuments } from './openapi-document.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const TYPES = `${root}packages/client/src/openapi.ts`
const MODAL_TYPES = `${root}modal/src/generated/connect-api.ts`
const README = `${root}packages/client/README.md`
const check = process.argv.includes('--check')

async function generatedTypes(document: Record<string, unknown>, file: string): Promise<string> {
  const source = COMMENT_HEADER + astToString(await openapiTS(document as never))
  const options = await prettier.resolveConfig(file)
  return prettier.format(source, { ...options, filepath: file })
}

function clientReadme(): string {
  const text = readFileSync(`${root}README.md`, 'utf8')
  const match = /<!-- node-client:start -->\n([\s\S]*?)<!-- node-client:end -->/.exec(text)
  if (!match) throw new Error('README.md has no node-client section')
  return `# @keyport/client\n\n<!-- Generated from Keyport's README by npm run client:generate. -->\n\n${match[1]!.replace(/^## Node client\n\n/, '')}`
}

const documents = await buildOpenAPIDocuments()
const outputs: [string, string][] = [
  [TYPES, await generatedTypes(documents.api, TYPES)],
  [MODAL_TYPES, await generatedTypes(documents.connect, MODAL_TYPES)],
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
  for (const [file, content] of stale) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, content)
  }
  console.log(
    stale.length ? `wrote ${stale.map(([f]) => f.slice(root.length)).join(', ')}` : 'up to date',
  )
}
