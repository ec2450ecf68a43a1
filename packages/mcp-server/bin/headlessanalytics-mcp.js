#!/usr/bin/env node
// The command npm links on install. It is committed (dist/ is built), so a fresh clone's `npm ci` can link
// it; in a checkout it builds first when the build is missing or stale, then runs the build.
import { existsSync } from 'node:fs';
const checkout = new URL('../../../scripts/ensure-built.mjs', import.meta.url);
if (existsSync(checkout)) await (await import(checkout.href)).ensureBuilt();
await import('../dist/bin.js');
