import { cliExitCodeOf, EngineError, toEngineError, type EngineErrorJSON } from '@headlessanalytics/engine';
import { CommanderError } from 'commander';

/** One JSON document and a newline; `pretty` indents it by two spaces. */
export function renderJson(value: unknown, pretty: boolean): string {
  return `${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`;
}

export interface RenderedError {
  text: string;
  exitCode: number;
}

/** Command-line usage mistakes (unknown command, bad option value, missing argument) are INVALID_INPUT. */
function fromCommander(error: CommanderError): EngineError {
  const message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
  const suggestion = /Did you mean (.+?)\?/.exec(message)?.[1];
  const hint = error.code === 'commander.unknownCommand' ? ' Run `ha tools` to list the tools and their commands.' : '';
  return new EngineError('INVALID_INPUT', `${message}${hint}`, {
    details: { reason: error.code.replace(/^commander\./, ''), ...(suggestion ? { suggestion } : {}) },
  });
}

/** `{ error: { code, message, details, requestId } }` for stderr, and the exit code from the engine's error table. */
export function renderError(thrown: unknown, pretty: boolean): RenderedError {
  const error = thrown instanceof CommanderError ? fromCommander(thrown) : toEngineError(thrown);
  const json: EngineErrorJSON = error.toJSON();
  return { text: renderJson({ error: json }, pretty), exitCode: cliExitCodeOf(error.code) };
}

/** Commander's own exits that are not errors (help, version), and the bare `ha` usage screen (exit 2). */
export function commanderExitCode(error: unknown): number | undefined {
  if (!(error instanceof CommanderError)) return undefined;
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
  if (error.code === 'commander.help') return error.exitCode === 0 ? 0 : 2;
  return undefined;
}
