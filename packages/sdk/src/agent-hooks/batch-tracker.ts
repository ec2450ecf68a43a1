import type { AgentEventEnvelope, TrackFunction } from './agent-events.js';

export interface BatchTracker {
  track: TrackFunction;
  /** Resolves once every event tracked so far has been sent (or failed). */
  flush(): Promise<void>;
}

/**
 * Collects the events of one event-loop turn and sends them as one batch, off the agent's hot path.
 * `send` failures go to `onError`; they never reach the agent.
 */
export function batchTracker(
  send: (envelopes: AgentEventEnvelope[]) => Promise<unknown>,
  options: { maxBatch?: number; onError?: (error: unknown) => void } = {},
): BatchTracker {
  const maxBatch = options.maxBatch ?? 500;
  let queue: AgentEventEnvelope[] = [];
  let scheduled = false;
  const inFlight = new Set<Promise<void>>();
  const sendNow = () => {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      const sending: Promise<void> = Promise.resolve()
        .then(() => send(batch))
        .then(
          () => undefined,
          (error: unknown) => options.onError?.(error),
        )
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
  };
  return {
    track(envelope) {
      queue.push(envelope);
      if (!scheduled) {
        scheduled = true;
        setTimeout(sendNow, 0);
      }
    },
    async flush() {
      sendNow();
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

/** Anything that calls tools by name: the engine's `ToolClient`, embedded or remote. */
export interface ToolCaller {
  callTool(name: string, input: unknown): Promise<{ ok: boolean; error?: unknown }>;
}

/** Sends batches through the `ingest_event` tool; a failed call is reported to `onError`. */
export function toolCallerTracker(caller: ToolCaller, options: { maxBatch?: number; onError?: (error: unknown) => void } = {}): BatchTracker {
  return batchTracker(async (events) => {
    const result = await caller.callTool('ingest_event', { events });
    if (!result.ok) throw result.error;
  }, options);
}
