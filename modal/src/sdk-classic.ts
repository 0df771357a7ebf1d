// /sdk/keyport.js: a classic script that sets window.Keyport.
import { Keyport } from './sdk.js'

declare global {
  interface Window {
    Keyport: typeof Keyport
  }
}

window.Keyport = Keyport
