// The output settings of a NonInteractiveCommands document's per-OS block (docs/reference/
// ssm-data-channel.md §8.1, §10; the agent's ShellConfig): separateOutputStream and the two separator
// prefixes. The agent types separateOutputStream loosely, because a document may fill it from a
// "{{parameter}}" string, so boolean-like strings count too. It checks these before it runs the
// command, and a bad value fails the session rather than being ignored.

export interface ShellOutputConfig {
  separateOutputStream?: boolean | string;
  stdOutSeparatorPrefix?: string;
  stdErrSeparatorPrefix?: string;
}

export interface OutputStreams {
  /** stdout as Output (1) and stderr as StdErr (11), then ExitCode (12); otherwise one merged Output stream. */
  separate: boolean;
  stdoutPrefix: string;
  stderrPrefix: string;
}

/** The agent's rule for separator prefixes: at most 30 of these characters. */
const PREFIX = /^[0-9a-zA-Z\r\n_:-]{0,30}$/;
// Go's strconv.ParseBool spellings.
const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Throws with the agent's wording when the document's values would make it refuse to run the command. */
export function resolveOutputStreams(config: ShellOutputConfig): OutputStreams {
  const separate = toBool(config.separateOutputStream);
  // The prefixes are read (and checked) only when the streams are separate.
  if (!separate) return { separate: false, stdoutPrefix: '', stderrPrefix: '' };
  const stdoutPrefix = config.stdOutSeparatorPrefix ?? '';
  const stderrPrefix = config.stdErrSeparatorPrefix ?? '';
  if (!PREFIX.test(stdoutPrefix)) throw new Error(`invalid stdoutSeparatorPrefix ${stdoutPrefix}`);
  if (!PREFIX.test(stderrPrefix)) throw new Error(`invalid stderrSeparatorPrefix ${stderrPrefix}`);
  return { separate: true, stdoutPrefix, stderrPrefix };
}

function toBool(value: boolean | string | undefined): boolean {
  if (value === undefined || typeof value === 'boolean') return value === true;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new Error(`fail to get separateOutPutStream property: cannot convert ${JSON.stringify(value)} to bool`);
}
