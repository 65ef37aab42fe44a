// The hashicorp/google version the @cdktf/provider-google binding was generated for: google-beta
// (one resource, sql-agent.ts) is pinned to the same release.
export const GOOGLE_PROVIDER_VERSION = '6.50.0';
