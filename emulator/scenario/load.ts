import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioSchema, type Scenario } from './schema';

export const DEFAULT_SCENARIO_PATH = fileURLToPath(new URL('../scenarios/default.json', import.meta.url));

/** Parses and validates a scenario; the error names the path of every problem. */
export function parseScenario(json: unknown, source = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
  throw new Error(`Invalid ${source}:\n${problems}`);
}

export function loadScenario(path = DEFAULT_SCENARIO_PATH): Scenario {
  return parseScenario(JSON.parse(readFileSync(path, 'utf8')), path);
}
