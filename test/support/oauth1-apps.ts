// Private catalog apps on the loopback OAuth 1.0a stand-in (test/support/oauth1-provider.ts): a three-legged app
// connected through the modal popup and a token-based one (NetSuite-style TBA: realm, HMAC-SHA256).
import { writeCatalogDir } from './local-app.js'

export function oauth1TestApps(providerURL: string): object[] {
  const base = {
    $schema: '../schema.json',
    categories: ['other'],
    docsURL: 'https://example.com/docs',
    brandColor: '#123456',
    confirmation: 'documented',
  }
  return [
    {
      ...base,
      id: 'test-oauth1',
      name: 'Test OAuth 1.0a',
      auth: {
        type: 'oauth1',
        requestTokenURL: `${providerURL}/oauth/request_token`,
        authorizationURL: `${providerURL}/oauth/authorize`,
        accessTokenURL: `${providerURL}/oauth/access_token`,
        signatureMethod: 'HMAC-SHA1',
        authorizationParams: { scope: 'read,write' },
        tokenResponseMetadata: ['user_id', 'screen_name'],
        verification: { method: 'GET', url: `${providerURL}/api/me` },
      },
      api: { baseURL: `${providerURL}/api` },
    },
    {
      ...base,
      id: 'test-oauth1-tba',
      name: 'Test OAuth 1.0a TBA',
      auth: {
        type: 'oauth1_token',
        signatureMethod: 'HMAC-SHA256',
        realm: '{accountId}',
        fields: [
          { name: 'accountId', displayName: 'Account ID', secret: false, pattern: '[0-9A-Z_]+' },
          { name: 'consumerKey', displayName: 'Consumer key', secret: false },
          { name: 'consumerSecret', displayName: 'Consumer secret', secret: true },
          { name: 'token', displayName: 'Token ID', secret: false },
          { name: 'tokenSecret', displayName: 'Token secret', secret: true },
        ],
        verification: { method: 'GET', url: `${providerURL}/api/me` },
      },
      api: { baseURL: `${providerURL}/api` },
    },
  ]
}

export function writeOAuth1Catalog(providerURL: string): string {
  return writeCatalogDir(oauth1TestApps(providerURL))
}
