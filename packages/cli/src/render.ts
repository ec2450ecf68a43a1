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

/**
 * Commands that contain the unknown word, or are contained in it (`health` → `runtime-health`): commander's own
 * suggestion is by edit distance alone, which offers `help` for `health`.
 */
function relatedCommands(word: string, commands: readonly string[]): string[] {
  const normal = (name: string) => name.replaceAll('_', '-');
  const typed = normal(word);
  return commands.filter((name) => normal(name).includes(typed) || (normal(name).length >= 4 && typed.includes(normal(name)))).slice(0, 5);
}

/** Command-line usage mistakes (unknown command, bad option value, missing argument) are INVALID_INPUT. */
function fromCommander(error: CommanderError, commands: readonly string[]): EngineError {
  let message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
  let suggestion = /Did you mean (.+?)\?/.exec(message)?.[1];
  const unknown = error.code === 'commander.unknownCommand' ? /unknown command '([^']+)'/.exec(message)?.[1] : undefined;
  const related = unknown === undefined ? [] : relatedCommands(unknown, commands);
  if (related.length > 0) {
    suggestion = related.join(', ');
    message = `${message.replace(/\s*\(?Did you mean .+?\?\)?$/, '')}. Did you mean ${related.join(' or ')}?`;
  }
  const hint = error.code === 'commander.unknownCommand' ? ' Run `ha tools` to list the tools and their commands.' : '';
  return new EngineError('INVALID_INPUT', `${message}${hint}`, {
    details: { reason: error.code.replace(/^commander\./, ''), ...(suggestion ? { suggestion } : {}) },
  });
}

/** `{ error: { code, message, details, requestId } }` for stderr, and the exit code from the engine's error table. */
export function renderError(thrown: unknown, pretty: boolean, commands: readonly string[] = []): RenderedError {
  const error = thrown instanceof CommanderError ? fromCommander(thrown, commands) : toEngineError(thrown);
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
