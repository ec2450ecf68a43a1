// A local stand-in for the OpenAI API: speaks the Chat Completions and Responses protocols and answers
// with scripted tool calls, so the example and the tests need no outside service.
import { createServer } from 'node:http';

let counter = 0;
const nextId = (prefix) => `${prefix}_${(counter += 1)}`;

/** Tool results already in the conversation (Chat: role "tool" messages; Responses: function_call_output items). */
function toolResultsOf(body) {
  if (Array.isArray(body.messages)) return body.messages.filter((message) => message.role === 'tool').map((message) => String(message.content));
  if (Array.isArray(body.input)) return body.input.filter((item) => item.type === 'function_call_output').map((item) => String(item.output));
  return [];
}

function chatCompletion(body, step) {
  const message = step.text !== undefined
    ? { role: 'assistant', content: step.text, refusal: null }
    : {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: step.toolCalls.map((call) => ({ id: nextId('call'), type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } })),
      };
  return {
    id: nextId('chatcmpl'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [{ index: 0, message, finish_reason: step.text !== undefined ? 'stop' : 'tool_calls', logprobs: null }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  };
}

function response(body, step) {
  const output = step.text !== undefined
    ? [{ type: 'message', id: nextId('msg'), role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: step.text, annotations: [] }] }]
    : step.toolCalls.map((call) => ({ type: 'function_call', id: nextId('fc'), call_id: nextId('call'), name: call.name, arguments: JSON.stringify(call.arguments), status: 'completed' }));
  return {
    id: nextId('resp'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    model: body.model,
    output,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: body.tools ?? [],
    usage: { input_tokens: 100, output_tokens: 20, total_tokens: 120 },
  };
}

/**
 * Starts the endpoint on a free port. `script({ toolResults, body })` returns the next turn:
 * `{ toolCalls: [{ name, arguments }] }` or `{ text }`. Every request body is kept in `requests`.
 */
export async function startScriptedOpenAI(script) {
  const requests = [];
  const server = createServer((request, reply) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      const body = raw ? JSON.parse(raw) : {};
      requests.push({ path: request.url, body });
      const step = script({ toolResults: toolResultsOf(body).map((text) => JSON.parse(text)), body });
      const payload = request.url.endsWith('/chat/completions') ? chatCompletion(body, step) : request.url.endsWith('/responses') ? response(body, step) : null;
      reply.writeHead(payload ? 200 : 404, { 'content-type': 'application/json' });
      reply.end(JSON.stringify(payload ?? { error: { message: `no route ${request.url}` } }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { baseURL: `http://127.0.0.1:${port}/v1`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * The example's "model": ingest scans and orders, ask the funnel, answer from its result. Arguments look like
 * a strict-mode model's: unused fields null, free-form objects as JSON strings.
 */
export function funnelScript({ toolResults }) {
  if (toolResults.length === 0) {
    const event = (name, actor, extra = {}) => ({ event: name, actor, properties: null, timestamp: null, ...extra });
    return {
      toolCalls: [
        {
          name: 'ingest_event',
          arguments: {
            event: null,
            events: [
              event('qr.bottle_scanned', 'customer-1', { properties: JSON.stringify({ bottle: 'B-1' }) }),
              event('qr.bottle_scanned', 'customer-2'),
              event('qr.bottle_scanned', 'customer-3'),
              event('order.created', 'customer-1', { properties: JSON.stringify({ revenue: 149 }) }),
            ],
          },
        },
      ],
    };
  }
  if (toolResults.length === 1) {
    return {
      toolCalls: [
        {
          name: 'query_funnel',
          arguments: { steps: [{ name: 'Scan', event: 'qr.bottle_scanned' }, { name: 'Order', event: 'order.created' }], from: null, to: null, conversionWindowHours: null, businessId: null },
        },
      ],
    };
  }
  const funnel = toolResults[toolResults.length - 1];
  if (funnel.error) return { text: `The funnel query failed: ${funnel.error.message}` };
  const [scan, order] = funnel.steps;
  return { text: `${order.count} of ${scan.count} customers who scanned a bottle ordered (${Math.round(funnel.overallConversionRate * 100)}% conversion).` };
}
