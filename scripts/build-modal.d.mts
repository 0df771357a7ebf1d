// Types of build-modal.mjs, for the test setup and the tests that call it.
export declare const MODAL_SOURCE: string
export declare const MODAL_OUTPUT: string
export declare const MODAL_ENTRIES: ReadonlyArray<{
  file: string
  entry: string
  format: 'iife' | 'es'
}>
export declare function buildModal(options?: { quiet?: boolean }): Promise<void>
