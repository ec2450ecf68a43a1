/*
 * The MCP Apps view of one chart. This text follows the ext-apps browser build (`ExtApps`) and charts.js
 * (`HaCharts`) in one module script; `HA_VIEW` ({kind, version, requery}) names the chart and the tool it may call again. The host sends the tool's
 * result as `ui/notifications/tool-result`; the view draws its structuredContent (or the JSON of its text).
 */
const root = document.getElementById('ha-root');
const status = (text) => {
  const line = document.createElement('p');
  line.className = 'ha-empty';
  line.textContent = text;
  root.replaceChildren(line);
};

/** The tool's answer: structuredContent, else the JSON of its first text block. */
function answerOf(result) {
  if (result.structuredContent) return result.structuredContent;
  const text = (result.content ?? []).find((block) => block.type === 'text')?.text;
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function applyContext(context) {
  if (context?.theme) ExtApps.applyDocumentTheme(context.theme);
  if (context?.styles?.variables) ExtApps.applyHostStyleVariables(context.styles.variables);
}

const app = new ExtApps.App({ name: `headlessanalytics-${HA_VIEW.kind}`, version: HA_VIEW.version }, {}, { autoResize: true });
let lastArguments = {};

/** With `HA_VIEW.requery` and a host that proxies tool calls, the chart can ask for the same tool with other inputs. */
function chartOptions() {
  if (!HA_VIEW.requery || !app.getHostCapabilities()?.serverTools) return {};
  return {
    async requery(changes) {
      const next = { ...lastArguments, ...changes };
      const result = await app.callServerTool({ name: HA_VIEW.requery, arguments: next });
      const answer = answerOf(result);
      if (result.isError) throw new Error(answer?.error?.message ?? 'The tool call failed.');
      lastArguments = next;
      return answer;
    },
  };
}

app.addEventListener('toolinput', (params) => {
  lastArguments = params.arguments ?? {};
  status('Running the query…');
});
app.addEventListener('toolcancelled', () => status('The tool call was cancelled.'));
app.addEventListener('hostcontextchanged', applyContext);
app.addEventListener('toolresult', (result) => {
  const answer = answerOf(result);
  if (result.isError) return status(answer?.error?.message ?? 'The tool call failed.');
  if (answer === undefined || answer === null) return status('The tool returned no data.');
  try {
    HaCharts.render(HA_VIEW.kind, root, answer, chartOptions());
  } catch (error) {
    status(`This answer cannot be drawn: ${error instanceof Error ? error.message : String(error)}`);
  }
});
await app.connect();
applyContext(app.getHostContext());
