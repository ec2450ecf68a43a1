import { describe, expect, it } from 'vitest';
import { startBridge } from './rest-harness.js';

describe('startServer lifecycle', () => {
  it('close() ends live event streams instead of waiting out the drain timeout, then refuses connections', async () => {
    const bridge = await startBridge({}, { drainTimeoutMs: 120_000 });
    try {
      expect((await bridge.request('POST', '/projects', { body: { name: 'live' } })).status).toBe(201);
      const stream = await fetch(`${bridge.url}/stream?project=live`, {
        headers: { authorization: `Bearer ${bridge.adminKey}`, accept: 'text/event-stream' },
      });
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const reader = stream.body!.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toContain(': connected');
      // Bounded by the test timeout (60 s), which is shorter than the 120 s drain timeout.
      await bridge.server.close();
      let done = false;
      for (let reads = 0; reads < 100 && !done; reads += 1) done = (await reader.read()).done;
      expect(done).toBe(true);
      await expect(fetch(`${bridge.url}/api/health`)).rejects.toThrow();
    } finally {
      await bridge.server.close();
      await bridge.engine.close();
    }
  });
});
