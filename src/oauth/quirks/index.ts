// The quirks registry: one map from the name a catalog file gives in `quirks` to a small module.
// A catalog name without a module here runs as plain RFC 6749 (see unimplementedQuirks for the list).
import { adobeSign } from './adobe-sign.js'
import { atlassian } from './atlassian.js'
import { docusign } from './docusign.js'
import { instagram } from './instagram.js'
import { mailchimp } from './mailchimp.js'
import { meta } from './meta.js'
import { myob } from './myob.js'
import { quickbooks } from './quickbooks.js'
import { slack } from './slack.js'
import { square } from './square.js'
import { tiktok } from './tiktok.js'
import { xero } from './xero.js'
import type { Quirk } from './types.js'

export type { Quirk } from './types.js'

const QUIRKS: Readonly<Record<string, Quirk>> = Object.freeze({
  slack,
  atlassian,
  mailchimp,
  quickbooks,
  square,
  tiktok,
  xero,
  meta,
  instagram,
  docusign,
  myob,
  'adobe-sign': adobeSign,
})

const NONE: Quirk = Object.freeze({})

export function quirkOf(name: string | undefined): Quirk {
  return (name && QUIRKS[name]) || NONE
}

export function hasQuirk(name: string): boolean {
  return Object.hasOwn(QUIRKS, name)
}

/** Quirk names a catalog declares that no module implements yet: the catalog test reports these. */
export function unimplementedQuirks(names: Iterable<string>): string[] {
  return [...new Set(names)].filter((name) => !hasQuirk(name)).sort()
}
