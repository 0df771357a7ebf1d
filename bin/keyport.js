#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx compiles on load; there is no build step).
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
