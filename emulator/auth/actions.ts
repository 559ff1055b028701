// IAM action matching for the emulator's role policies: 'gamelift:*', 'gamelift:Describe*' and exact
// names, case-insensitive as IAM compares actions.
const matcher = (pattern: string) =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');

/** True when one of the policy's action patterns covers `action` (e.g. 'gamelift:ListFleets'). */
export function allowsAction(patterns: readonly string[], action: string): boolean {
  return patterns.some((p) => matcher(p).test(action));
}
