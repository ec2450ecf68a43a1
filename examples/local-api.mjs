// Shared by the examples: the API to talk to. With HA_API_URL and HA_API_KEY set, that deployment; otherwise a
// local one (the engine on an in-memory libSQL database behind the REST bridge, on a free port), so an example
// needs no outside service.
import { Engine } from '@headlessanalytics/engine';
import { startServer } from '@headlessanalytics/http-bridge';

const LOCAL_KEY = 'ha_test_example0000000000000000000000';

export async function openApi() {
  if (process.env.HA_API_URL && process.env.HA_API_KEY) {
    return { url: process.env.HA_API_URL, apiKey: process.env.HA_API_KEY, local: false, stop: async () => undefined };
  }
  const engine = await Engine.open({ databaseUrl: ':memory:' });
  await engine.bootstrap({ apiKey: LOCAL_KEY });
  const server = await startServer({ engine, port: 0 });
  return {
    url: server.url,
    apiKey: LOCAL_KEY,
    local: true,
    async stop() {
      await server.close();
      await engine.close();
    },
  };
}
