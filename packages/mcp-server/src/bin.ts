#!/usr/bin/env node
import { stderrLogger } from '@headlessanalytics/engine';
import { parseCliOptions, USAGE } from './cli-options.js';
import { serveHttp } from './serve-http.js';
import { serveStdio } from './serve-stdio.js';
import { PACKAGE_VERSION } from './version.js';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`headlessanalytics-mcp: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.command === 'help') return void process.stdout.write(USAGE);
  if (options.command === 'version') return void process.stdout.write(`${PACKAGE_VERSION}\n`);
  await (options.http ? serveHttp(options, process.env) : serveStdio(options, process.env));
}

main().catch((error: unknown) => {
  stderrLogger.error('headlessanalytics-mcp failed to start', { cause: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
