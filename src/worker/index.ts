// Worker: the long-lived loop every node runs — webhook deliveries and the credential sweeps.
// Owns scheduling and graceful shutdown. Must not: hold state that another node would need (leases live in the
// database), or decide what a sweep does (the sweeps come from src/credentials, deliveries from src/webhooks).
export { Worker, type WorkerOptions, type Sweep } from './worker.js'
export { DeliveryLoop, type DeliveryLoopOptions } from './delivery-loop.js'
export { buildWorker } from './build.js'
