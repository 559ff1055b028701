// The two error styles of IAM Identity Center's REST-JSON APIs. SSO-OIDC answers as an OAuth server:
// {"error":"authorization_pending","error_description":"…"} with the exception named in
// x-amzn-ErrorType (as AWS's own responses show: "AuthorizationPendingException:http://internal…").
// The portal answers {"message":"…"} with its exception in x-amzn-ErrorType.

/** An SSO-OIDC exception: `code` is the model's shape name, `error` the OAuth error string. */
export class OidcError extends Error {
  constructor(
    readonly code: OidcErrorCode,
    message: string,
  ) {
    super(message);
  }
  get status(): number {
    return OIDC_ERRORS[this.code].status;
  }
  get error(): string {
    return OIDC_ERRORS[this.code].error;
  }
}

const OIDC_ERRORS = {
  AuthorizationPendingException: { error: 'authorization_pending', status: 400 },
  SlowDownException: { error: 'slow_down', status: 400 },
  ExpiredTokenException: { error: 'expired_token', status: 400 },
  AccessDeniedException: { error: 'access_denied', status: 400 },
  InvalidGrantException: { error: 'invalid_grant', status: 400 },
  InvalidClientException: { error: 'invalid_client', status: 401 },
  InvalidRequestException: { error: 'invalid_request', status: 400 },
  InvalidScopeException: { error: 'invalid_scope', status: 400 },
  UnauthorizedClientException: { error: 'unauthorized_client', status: 400 },
  UnsupportedGrantTypeException: { error: 'unsupported_grant_type', status: 400 },
  InvalidRedirectUriException: { error: 'invalid_redirect_uri', status: 400 },
  InvalidClientMetadataException: { error: 'invalid_client_metadata', status: 400 },
  InternalServerException: { error: 'server_error', status: 500 },
} as const;

export type OidcErrorCode = keyof typeof OIDC_ERRORS;

/** The namespace AWS appends to x-amzn-ErrorType for SSO-OIDC. */
export const OIDC_ERROR_NAMESPACE = 'http://internal.amazon.com/coral/com.amazonaws.sso.oidc/';

/** A portal exception (GetRoleCredentials, ListAccounts, ListAccountRoles, Logout). */
export class PortalError extends Error {
  constructor(
    readonly code: 'UnauthorizedException' | 'InvalidRequestException' | 'ResourceNotFoundException' | 'TooManyRequestsException' | 'ForbiddenException',
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** AWS's words for a missing, unknown, revoked or expired bearer token. */
export const unauthorized = () => new PortalError('UnauthorizedException', 'Session token not found or invalid', 401);
export const portalInvalid = (message: string) => new PortalError('InvalidRequestException', message, 400);
/** Not in the model, but what the portal answers for a role the user is not assigned (403 "No access"). */
export const noAccess = () => new PortalError('ForbiddenException', 'No access', 403);
