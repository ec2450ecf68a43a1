import type { ConnectorProvider } from '../provider.js';
import { googleAds, metaAds } from './ads.js';
import { hubspot } from './hubspot.js';
import { salesforce } from './salesforce.js';
import { shopify } from './shopify.js';
import { stripe } from './stripe.js';

/**
 * Every connector provider, by id. Adding a provider is one module in this folder (see ../provider.ts) and one
 * entry here; the ingest and webhook tools and their input descriptions read this list.
 */
export const PROVIDERS: readonly ConnectorProvider[] = [shopify, stripe, hubspot, salesforce, metaAds, googleAds];

const BY_ID = new Map(PROVIDERS.map((provider) => [provider.id, provider]));

export const providerOf = (id: string): ConnectorProvider | undefined => BY_ID.get(id);
export const PROVIDER_IDS: readonly string[] = PROVIDERS.map((provider) => provider.id);
