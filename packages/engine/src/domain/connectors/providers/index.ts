import type { ConnectorProvider } from '../provider.js';
import { googleAds, metaAds } from './ads.js';
import { amazon } from './amazon.js';
import { asana } from './asana.js';
import { discord } from './discord.js';
import { fieldwire } from './fieldwire.js';
import { fortnite } from './fortnite.js';
import { ga4 } from './ga4.js';
import { generic } from './generic.js';
import { hubspot } from './hubspot.js';
import { jira } from './jira.js';
import { linear } from './linear.js';
import { procore } from './procore.js';
import { quickbooks } from './quickbooks.js';
import { resend } from './resend.js';
import { rfid } from './rfid.js';
import { roblox } from './roblox.js';
import { robotics } from './robotics.js';
import { salesforce } from './salesforce.js';
import { sensors } from './sensors.js';
import { servicenow } from './servicenow.js';
import { shopify } from './shopify.js';
import { stripe } from './stripe.js';
import { tiktok } from './tiktok.js';
import { twitch } from './twitch.js';
import { walmart } from './walmart.js';
import { xero } from './xero.js';
import { youtube } from './youtube.js';

/**
 * Every connector provider, by id. Adding a provider is one module in this folder (see ../provider.ts) and one
 * entry here; the ingest and webhook tools and their input descriptions read this list.
 */
export const PROVIDERS: readonly ConnectorProvider[] = [
  // Commerce and payments
  shopify, stripe, amazon, walmart,
  // CRM and finance
  hubspot, salesforce, quickbooks, xero,
  // Ads and analytics
  metaAds, googleAds, tiktok, ga4,
  // Email and creator channels
  resend, youtube, twitch, discord, roblox, fortnite,
  // Work trackers and field operations
  servicenow, jira, asana, linear, procore, fieldwire,
  // Devices, and anything else
  rfid, sensors, robotics, generic,
];

const BY_ID = new Map(PROVIDERS.map((provider) => [provider.id, provider]));

export const providerOf = (id: string): ConnectorProvider | undefined => BY_ID.get(id);
export const PROVIDER_IDS: readonly string[] = PROVIDERS.map((provider) => provider.id);
