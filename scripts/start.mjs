#!/usr/bin/env node
// `npm start`: builds the workspace when a build is missing or older than its sources, then runs the
// `headlessanalytics-server` bin in this process (same stdio, env and signals).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, root } from './ensure-built.mjs';

ensureBuilt();
await import(pathToFileURL(join(root, 'packages', 'http-bridge', 'dist', 'bin.js')).href);
