// Types of build-console.mjs, for the test setup that calls it.
export declare const CONSOLE_SOURCE: string
export declare const CONSOLE_OUTPUT: string
export declare function buildConsole(options?: { quiet?: boolean }): Promise<void>
