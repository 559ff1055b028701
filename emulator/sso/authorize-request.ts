// Checks an /authorize request (the query botocore's SSOTokenFetcherAuth builds: response_type,
// client_id, redirect_uri, state, code_challenge_method, scopes, code_challenge) the way an OAuth
// server must: a bad client or redirect URI is shown to the person (never redirected to), anything
// else goes back to the redirect URI as error=… with the state.
import type { Approvals } from './approvals';
import { allowsGrant, GRANT_AUTHORIZATION_CODE, redirectMatches, type OidcClients } from './oidc-clients';

export type AuthorizeOutcome =
  | { kind: 'page'; requestId: string; clientName: string; scopes: string[]; redirectOrigin: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'error'; message: string };

export function openAuthorizeRequest(query: URLSearchParams, clients: OidcClients, approvals: Approvals): AuthorizeOutcome {
  const client = clients.find(query.get('client_id') ?? '');
  if (!client) return { kind: 'error', message: 'Invalid client_id: no such client is registered.' };
  const redirectUri = query.get('redirect_uri');
  if (!redirectUri || !client.redirectUris.some((r) => redirectMatches(r, redirectUri))) {
    return { kind: 'error', message: 'Invalid redirect_uri: it is not one the client registered.' };
  }
  const state = query.get('state');
  const back = (error: string, description: string) => {
    const target = new URL(redirectUri);
    target.searchParams.set('error', error);
    target.searchParams.set('error_description', description);
    if (state !== null) target.searchParams.set('state', state);
    return { kind: 'redirect' as const, location: target.toString() };
  };
  if (query.get('response_type') !== 'code') return back('unsupported_response_type', 'response_type must be code');
  if (!allowsGrant(client, GRANT_AUTHORIZATION_CODE)) return back('unauthorized_client', 'The client is not registered for the authorization_code grant');
  const codeChallenge = query.get('code_challenge');
  if (query.get('code_challenge_method') !== 'S256' || !codeChallenge) return back('invalid_request', 'PKCE is required: code_challenge with code_challenge_method S256');
  // botocore sends `scopes`; OAuth's own name is `scope`. Both are space-separated.
  const scopes = (query.get('scopes') ?? query.get('scope') ?? '').split(' ').filter(Boolean);
  const unregistered = scopes.filter((s) => !client.scopes.includes(s));
  if (unregistered.length > 0) return back('invalid_scope', `Scope not registered for this client: ${unregistered.join(' ')}`);
  const requestId = approvals.openRequest({ clientId: client.clientId, clientName: client.clientName, redirectUri, state, codeChallenge, scopes });
  return { kind: 'page', requestId, clientName: client.clientName, scopes, redirectOrigin: new URL(redirectUri).origin };
}
