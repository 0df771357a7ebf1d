// /sdk/keyport.mjs: the same embed script as an ES module.
import { Keyport } from './sdk.js'

export { Keyport, connect } from './sdk.js'
export type { ConnectOptions, ConnectResult, KeyportError } from './sdk.js'
export default Keyport
