import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { AppFile } from './schema.js'
import type { App } from './types.js'
import { toApp } from './app.js'

export const BUILTIN_CATALOG_DIR = resolve(
  fileURLToPath(new URL('../../catalog/apps', import.meta.url)),
)

const checkAppFile = TypeCompiler.Compile(AppFile)

export class CatalogError extends Error {
  override name = 'CatalogError'
}

/** Reads, validates and indexes every `*.json` file in the given directories. Throws naming file and field. */
export function loadCatalog(dirs: readonly string[]): Map<string, App> {
  const apps = new Map<string, App>()
  const origin = new Map<string, string>()
  for (const dir of dirs) {
    let names: string[]
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.json'))
    } catch (cause) {
      throw new CatalogError(`catalog directory ${dir} cannot be read`, { cause })
    }
    for (const name of names.sort()) {
      const file = join(dir, name)
      const app = parseAppFile(file, readFileSync(file, 'utf8'))
      const previous = origin.get(app.id)
      if (previous)
        throw new CatalogError(`${file}: id "${app.id}" is already defined by ${previous}`)
      origin.set(app.id, file)
      apps.set(app.id, app)
    }
  }
  return apps
}

export function parseAppFile(file: string, text: string): App {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw new CatalogError(`${file}: not valid JSON (${(cause as Error).message})`)
  }
  // Check() is the compiled fast path; Errors() walks the value again and is only worth it to name the field.
  const firstError = checkAppFile.Check(json) ? undefined : checkAppFile.Errors(json).First()
  if (firstError) {
    const field = firstError.path || '(root)'
    throw new CatalogError(`${file}: field ${field}: ${firstError.message}`)
  }
  const data = json as AppFile
  const expected = file
    .split(/[\\/]/)
    .pop()!
    .replace(/\.json$/, '')
  if (data.id !== expected)
    throw new CatalogError(
      `${file}: field /id: "${data.id}" must match the file name "${expected}"`,
    )
  try {
    return toApp(data)
  } catch (cause) {
    throw new CatalogError(`${file}: ${(cause as Error).message}`)
  }
}
