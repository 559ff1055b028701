// Where the AWS CLI is, for the tests that check the emulator against the real client; they skip
// when it is not installed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The `aws` on PATH, or undefined when there is none. */
export async function awsCliPath(): Promise<string | undefined> {
  try {
    return (await promisify(execFile)('sh', ['-c', 'command -v aws'])).stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}
