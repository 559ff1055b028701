// Tests that point the AWS SDK at a private home and config through process.env put the runner's
// own values back afterwards, so a later test file in the same process sees what it started with.

/** Remembers `names` as process.env has them now; the returned function puts them back (unset ones unset again). */
export function rememberEnv(...names: string[]): () => void {
  const saved = names.map((name) => [name, process.env[name]] as const);
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
