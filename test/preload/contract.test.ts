// isAllowedExternalUrl: the one gate between a link in terminal output (written by a remote
// machine, so possibly hostile) and the user's browser. Each hostile spelling below was chosen
// because some parser, browser or server resolves it to somewhere other than where it seems to
// point; each legitimate one must still open.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { externalLinkAllowlist, isAllowedExternalUrl, type ExternalLinkRule } from '../../preload/contract';

const ALLOWED = [
  'https://docs.aws.amazon.com/gamelift/latest/developerguide/fleets-remote-access.html',
  'https://docs.aws.amazon.com/',
  'https://docs.aws.amazon.com',
  'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html#anchor',
  'https://docs.aws.amazon.com/search/doc-search.html?searchQuery=gamelift%20fleet',
  'https://console.aws.amazon.com/gamelift/home',
  'https://us-west-2.console.aws.amazon.com/gamelift/fleets?region=us-west-2',
  'https://ap-southeast-1.console.aws.amazon.com/systems-manager/session-manager',
  'https://us-gov-west-1.console.aws.amazon.com/gamelift/home',
];

const REFUSED: Array<[why: string, url: string]> = [
  ['not https', 'http://docs.aws.amazon.com/gamelift/'],
  ['upper-case scheme the parser would lower', 'HTTPS://docs.aws.amazon.com/'],
  ['scheme without slashes, which the parser completes', 'https:docs.aws.amazon.com/gamelift/'],
  ['javascript:', 'javascript:alert(1)//https://docs.aws.amazon.com/'],
  ['file:', 'file:///etc/passwd'],
  ['credentials before the host', 'https://docs.aws.amazon.com@evil.example/'],
  ['user and password', 'https://user:pw@docs.aws.amazon.com/'],
  ['an empty userinfo', 'https://@docs.aws.amazon.com/'],
  ['a lookalike host suffix', 'https://docs.aws.amazon.com.evil.example/'],
  ['a lookalike host prefix', 'https://evil-docs.aws.amazon.com/'],
  ['a trailing-dot host', 'https://docs.aws.amazon.com./'],
  ['an upper-case host', 'https://DOCS.aws.amazon.com/'],
  ['an unusual port', 'https://docs.aws.amazon.com:8443/'],
  ['the default port spelled out', 'https://docs.aws.amazon.com:443/'],
  ['a non-Region console subdomain', 'https://evil.example.console.aws.amazon.com/'],
  ['a console host with a label that is no Region', 'https://attacker.console.aws.amazon.com/'],
  ['backslash as separator', 'https://docs.aws.amazon.com\\@evil.example/'],
  ['backslash in the path', 'https://docs.aws.amazon.com/gamelift\\..\\x'],
  ['a raw ..', 'https://docs.aws.amazon.com/gamelift/../x'],
  ['a raw .', 'https://docs.aws.amazon.com/./gamelift/'],
  ['an encoded ..', 'https://docs.aws.amazon.com/gamelift/%2e%2e/x'],
  ['a half-encoded ..', 'https://docs.aws.amazon.com/gamelift/.%2E/x'],
  ['an encoded slash', 'https://docs.aws.amazon.com/gamelift%2f..%2fx'],
  ['a newline the parser would drop', 'https://docs.aws.amazon.com/game\nlift/'],
  ['a tab the parser would drop', 'https://docs.aws.\tamazon.com/'],
  ['leading space the parser would trim', ' https://docs.aws.amazon.com/'],
  ['a GitHub URL (the project publishes none)', 'https://github.com/aws/amazon-gamelift-toolkit'],
  ['any owner\'s gamelift-connect', 'https://github.com/evil/gamelift-connect/../../x'],
  ['not a URL', 'docs.aws.amazon.com/gamelift/'],
  ['empty', ''],
];

for (const url of ALLOWED) {
  test(`opens ${url}`, () => assert.equal(isAllowedExternalUrl(url), true));
}
for (const [why, url] of REFUSED) {
  test(`refuses ${why}: ${JSON.stringify(url)}`, () => assert.equal(isAllowedExternalUrl(url), false));
}

// A repository rule, as the project would add one: the owner and repository are a path prefix
// checked on the normalised path, so no other owner, no sibling repository and no way out of it.
const REPO: readonly ExternalLinkRule[] = [...externalLinkAllowlist, { host: 'github.com', pathPrefix: '/example-owner/gamelift-connect/' }];

const REPO_ALLOWED = [
  'https://github.com/example-owner/gamelift-connect/',
  'https://github.com/example-owner/gamelift-connect/issues/9',
  'https://github.com/example-owner/gamelift-connect/blob/main/docs/daemon.md#rdp-launchers-rdp',
];
const REPO_REFUSED: Array<[why: string, url: string]> = [
  ['the issue\'s example: another owner, climbing out with ..', 'https://github.com/evil/gamelift-connect/../../x'],
  ['climbing out of the repository with ..', 'https://github.com/example-owner/gamelift-connect/../../evil/x'],
  ['climbing out with %2e%2e', 'https://github.com/example-owner/gamelift-connect/%2e%2e/%2e%2e/evil/x'],
  ['climbing out with %2E.', 'https://github.com/example-owner/gamelift-connect/%2E./evil'],
  ['climbing out with backslashes', 'https://github.com/example-owner/gamelift-connect\\..\\..\\evil'],
  ['another owner', 'https://github.com/evil/gamelift-connect/'],
  ['a sibling repository sharing the prefix', 'https://github.com/example-owner/gamelift-connect-evil/'],
  ['credentials', 'https://example-owner@github.com/example-owner/gamelift-connect/'],
  ['credentials hiding the real host', 'https://github.com@evil.example/example-owner/gamelift-connect/'],
  ['a lookalike host', 'https://github.com.evil.com/example-owner/gamelift-connect/'],
  ['http', 'http://github.com/example-owner/gamelift-connect/'],
  ['an odd port', 'https://github.com:444/example-owner/gamelift-connect/'],
  ['an encoded slash in the owner', 'https://github.com/evil%2f..%2fexample-owner/gamelift-connect/'],
];

for (const url of REPO_ALLOWED) {
  test(`with a repository rule, opens ${url}`, () => assert.equal(isAllowedExternalUrl(url, REPO), true));
}
for (const [why, url] of REPO_REFUSED) {
  test(`with a repository rule, refuses ${why}: ${JSON.stringify(url)}`, () => assert.equal(isAllowedExternalUrl(url, REPO), false));
}

test('the repository rule itself is what admits its URLs (the default list does not)', () => {
  for (const url of REPO_ALLOWED) assert.equal(isAllowedExternalUrl(url), false, url);
});
