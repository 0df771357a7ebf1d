// Types for entry.js (plain JavaScript, since it runs before anything is compiled).
export type Entry = { kind: 'compiled'; url: URL } | { kind: 'sources'; url: URL; reason: string }

export function chooseEntry(root: URL): Entry

export interface StaleBundle {
  name: 'console' | 'modal'
  reason: string
  build: (options?: { quiet?: boolean }) => Promise<void>
}

export function staleBundles(root: URL): StaleBundle[]
