// The Session Manager documents a GameLift compute accepts, with their parameters and the
// allowedPattern constraints AWS's own documents declare.
import { DEFAULT_SHELL_DOCUMENT } from '../agent/session-document';
import { AwsError } from '../core/aws-error';

interface ParameterRule {
  required?: boolean;
  pattern: RegExp;
}

const PORT = /^([1-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$/;
const LOCAL_PORT = /^([0-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$/;
const HOST = /^[^,$^&()!;'"<>`{}[\]|#=]{3,}$/;
const ANY = /^[\s\S]+$/;

const DOCUMENTS: Record<string, Record<string, ParameterRule>> = {
  [DEFAULT_SHELL_DOCUMENT]: {},
  'AWS-StartPortForwardingSession': { portNumber: { pattern: PORT }, localPortNumber: { pattern: LOCAL_PORT } },
  'AWS-StartPortForwardingSessionToRemoteHost': {
    host: { required: true, pattern: HOST },
    portNumber: { pattern: PORT },
    localPortNumber: { pattern: LOCAL_PORT },
  },
  'AWS-StartInteractiveCommand': { command: { required: true, pattern: ANY } },
  // AWS's document declares only `command`; separate output streams live in its per-OS block, which
  // callers cannot set per call (the emulator's stand-in is SsmSettings.nonInteractiveCommands).
  'AWS-StartNonInteractiveCommand': { command: { required: true, pattern: ANY } },
  'AWS-StartSSHSession': { portNumber: { pattern: PORT } },
};

const invalidParameters = (message: string) => new AwsError('InvalidParameters', message);

/**
 * Throws InvalidDocument for an unknown document and InvalidParameters for bad parameters; returns
 * the document's short name (an ARN cut to its name), the name the agent runs.
 */
export function checkDocument(documentName: string | undefined, parameters: Record<string, string[]>): string {
  const name = documentName ?? DEFAULT_SHELL_DOCUMENT;
  // Documents may be named by ARN; AWS-owned ones have no account in theirs.
  const shortName = name.startsWith('arn:') ? name.slice(name.lastIndexOf('/') + 1) : name;
  const rules = Object.hasOwn(DOCUMENTS, shortName) ? DOCUMENTS[shortName] : undefined;
  if (!rules) throw new AwsError('InvalidDocument', `Document with name ${name} does not exist.`);
  for (const [key, values] of Object.entries(parameters)) {
    const rule = rules[key];
    if (!rule) throw invalidParameters(`Parameter "${key}" is not defined in document "${shortName}".`);
    if (values.length !== 1) throw invalidParameters(`Parameter "${key}" takes exactly one value in document "${shortName}", got ${values.length}.`);
    if (!rule.pattern.test(values[0]!)) {
      throw invalidParameters(`Parameter "${key}" "${values[0]}" failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule.pattern.source}`);
    }
  }
  for (const [key, rule] of Object.entries(rules)) {
    if (rule.required && !parameters[key]) throw invalidParameters(`The following parameters are required: ${key}`);
  }
  return shortName;
}
