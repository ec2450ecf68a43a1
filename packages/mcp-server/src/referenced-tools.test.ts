import { Engine } from '@headlessanalytics/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectInMemory } from '../test/helpers.js';
import { APP_TOOLS } from './apps.js';
import { DISCOVERY_TOOLS } from './discovery.js';
import { PLAYBOOKS, promptTools, renderText } from './prompts.js';
import { REFERENCED_TOOLS } from './referenced-tools.js';
import { RESOURCE_TOOLS } from './resources.js';

let engine: Engine;
let registry: Set<string>;
beforeAll(async () => {
  engine = await Engine.open({ databaseUrl: ':memory:' });
  registry = new Set(engine.registry.descriptors().map((tool) => tool.name));
});
afterAll(async () => {
  await engine.close();
});

const discovery = new Set(DISCOVERY_TOOLS.map((tool) => tool.name));
/** snake_case words: how a text names a tool. */
const toolLike = (text: string): string[] => [...new Set(text.match(/\b[a-z]+(?:_[a-z0-9]+)+\b/g) ?? [])];

describe('tools named by resources, prompts and app views', () => {
  it('each exists in the registry', () => {
    const used = { resources: RESOURCE_TOOLS, prompts: promptTools(), apps: APP_TOOLS };
    for (const [source, tools] of Object.entries(used)) {
      expect(tools.filter((name) => !registry.has(name)), `${source} name tools the registry does not have`).toEqual([]);
    }
    expect(REFERENCED_TOOLS.filter((name) => !registry.has(name)), 'REFERENCED_TOOLS names tools the registry does not have').toEqual([]);
    // The table holds exactly what is used: no entry left behind by a removed resource, step or view.
    expect([...new Set(Object.values(used).flat())].sort()).toEqual([...REFERENCED_TOOLS].sort());
  });

  it('are the only tools a rendered prompt names', () => {
    for (const playbook of PLAYBOOKS) {
      const args = Object.fromEntries((playbook.arguments ?? []).map((argument) => [argument.name, 'my-site']));
      const { text, tools } = renderText(playbook, args);
      const quoted = [...text.matchAll(/`([a-z0-9_]+)`/g)].map((match) => match[1]!);
      expect([...new Set(quoted)], playbook.name).toEqual(tools);
    }
  });

  it('include every tool the server instructions name, or it is a discovery tool', async () => {
    const client = await connectInMemory(engine);
    const named = toolLike(client.getInstructions() ?? '');
    await client.close();
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((name) => !registry.has(name) && !discovery.has(name))).toEqual([]);
  });
});
