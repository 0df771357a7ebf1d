// Cost of one seal and one open of a typical credential secret, in microseconds (in-process, no I/O).
import { randomBytes } from 'node:crypto'
import { openJSON, parseKeyring, sealJSON, type Keyring } from '../src/crypto/index.js'

export interface CryptoCost {
  sealMicros: number
  openMicros: number
  iterations: number
}

export function measureCryptoCost(keyring: Keyring, iterations = 20_000): CryptoCost {
  const secret = { kind: 'fields', fields: { apiKey: randomBytes(24).toString('base64url') } }
  const context = {
    workspaceId: 'ws_bench',
    table: 'credential',
    rowId: 'cred_bench',
    column: 'secret_sealed',
  }
  const sealed = sealJSON(keyring, secret, context)
  for (let i = 0; i < 2000; i++) openJSON(keyring, sealJSON(keyring, secret, context), context) // warm the JIT
  let start = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) sealJSON(keyring, secret, context)
  const sealMicros = Number(process.hrtime.bigint() - start) / 1000 / iterations
  start = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) openJSON(keyring, sealed, context)
  const openMicros = Number(process.hrtime.bigint() - start) / 1000 / iterations
  return { sealMicros: round(sealMicros), openMicros: round(openMicros), iterations }
}

const round = (n: number): number => Math.round(n * 10) / 10

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(measureCryptoCost(parseKeyring(`bench:${randomBytes(32).toString('base64')}`)))
}
