// `npm run build`: compiles src/ to dist/ with tsc (tsconfig.build.json), copies the files the code reads from
// disk next to itself (src/modal/assets, read through import.meta.url), and bundles the operator console
// (console/) with Vite into dist/console-ui and the modal's browser scripts (modal/) into dist/modal/browser, so
// dist/ runs on its own.
// Plain JavaScript, run by node: it must work before anything is compiled.
import { spawnSync } from 'node:child_process'
import { cpSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { buildConsole } from './build-console.mjs'
import { buildModal } from './build-modal.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const at = (path) => fileURLToPath(new URL(path, new URL('..', import.meta.url)))

rmSync(at('dist'), { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
})
if (compiled.status !== 0) process.exit(compiled.status ?? 1)
cpSync(at('src/modal/assets'), at('dist/modal/assets'), { recursive: true })
await buildConsole()
await buildModal()
