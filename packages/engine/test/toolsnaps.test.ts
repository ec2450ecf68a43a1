import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestEngine, type TestEngine } from './support.js';

/** Each tool's public contract is a committed file: a changed schema or description shows up as a reviewed diff. */
let t: TestEngine;
beforeAll(async () => {
  t = await openTestEngine();
});
afterAll(async () => {
  await t.engine.close();
});

describe('tool snapshots', () => {
  it('match the committed __toolsnaps__ files', async () => {
    for (const descriptor of t.engine.registry.descriptors()) {
      await expect(`${JSON.stringify(descriptor, null, 2)}\n`).toMatchFileSnapshot(`./__toolsnaps__/${descriptor.name}.json`);
    }
  });
});
