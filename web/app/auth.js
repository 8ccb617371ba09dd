// Sign-in with Amazon Cognito from the browser: InitiateAuth with USER_PASSWORD_AUTH (the same call
// against the real service and the local one), tokens kept in this tab's session storage, refreshed
// before they expire, revoked at sign-out.

import { config } from './config.js';

const KEY = 'digitization.session';
const EARLY_SECONDS = 120; // refresh this long before the ID token expires

export class SignInError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/** The service asks for a new password (a user an administrator created): answer with `newPassword`. */
export class NewPasswordRequired extends Error {
  constructor(username, session) {
    super('Choose a new password to finish signing in.');
    this.username = username;
    this.session = session;
  }
}

async function cognito(target, payload) {
  const { cognito_endpoint: endpoint, region, emulator } = await config();
  const headers = {
    'Content-Type': 'application/x-amz-json-1.1',
    'X-Amz-Target': `AWSCognitoIdentityProviderService.${target}`,
  };
  if (emulator && region !== 'us-east-1') {
    // The local emulator reads the region from a credential scope; Cognito itself needs none here.
    headers.Authorization = `AWS4-HMAC-SHA256 Credential=local/20260101/${region}/cognito-idp/aws4_request, SignedHeaders=host, Signature=local`;
  }
  let response;
  try {
    response = await fetch(endpoint.replace(/\/?$/, '/'), { method: 'POST', headers, body: JSON.stringify(payload) });
  } catch {
    throw new SignInError('Could not reach the sign-in service. Check your connection and try again.', 'network');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const code = String(body.__type || '').split('#').pop();
    const words = {
      NotAuthorizedException: 'The username or password is not right.',
      UserNotFoundException: 'The username or password is not right.',
      PasswordResetRequiredException: 'Your password must be reset. Ask the library.',
      UserNotConfirmedException: 'Your account is not confirmed yet. Ask the library.',
      InvalidPasswordException: body.message || 'That password does not meet the rules.',
      TooManyRequestsException: 'Too many attempts. Wait a minute and try again.',
    };
    throw new SignInError(words[code] || body.message || 'Signing in failed.', code || 'error');
  }
  return body;
}

function claimsOf(idToken) {
  const payload = idToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(atob(payload).split('').map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
  return JSON.parse(json);
}

function store(result, refreshToken) {
  const claims = claimsOf(result.IdToken);
  const session = {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken || refreshToken,
    expiresAt: claims.exp * 1000,
    username: claims['cognito:username'],
    email: claims.email || null,
    groups: [].concat(claims['cognito:groups'] || []),
  };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/** The signed-in user of this tab, or null. */
export function current() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) || 'null');
  } catch {
    return null;
  }
}

export async function signIn(username, password) {
  const { user_pool_client_id: clientId } = await config();
  const answer = await cognito('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  if (answer.ChallengeName === 'NEW_PASSWORD_REQUIRED') throw new NewPasswordRequired(username, answer.Session);
  if (!answer.AuthenticationResult) throw new SignInError('Signing in needs a step this app does not offer. Ask the library.', 'challenge');
  return store(answer.AuthenticationResult);
}

export async function setNewPassword(challenge, newPassword) {
  const { user_pool_client_id: clientId } = await config();
  const answer = await cognito('RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ClientId: clientId,
    Session: challenge.session,
    ChallengeResponses: { USERNAME: challenge.username, NEW_PASSWORD: newPassword },
  });
  return store(answer.AuthenticationResult);
}

let refreshing = null;

/** New tokens from the refresh token; null when the sign-in cannot be renewed (signed out). */
export async function refresh() {
  const session = current();
  if (!session || !session.refreshToken) return null;
  if (!refreshing) {
    refreshing = (async () => {
      const { user_pool_client_id: clientId } = await config();
      try {
        const answer = await cognito('InitiateAuth', {
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: clientId,
          AuthParameters: { REFRESH_TOKEN: session.refreshToken },
        });
        return store(answer.AuthenticationResult, session.refreshToken);
      } catch (error) {
        if (error.code === 'network') throw error;
        forget();
        return null;
      }
    })().finally(() => { refreshing = null; });
  }
  return refreshing;
}

/** A valid ID token (renewed when it is about to expire), or null when signed out. */
export async function idToken() {
  const session = current();
  if (!session) return null;
  if (Date.now() < session.expiresAt - EARLY_SECONDS * 1000) return session.idToken;
  const renewed = await refresh();
  return renewed ? renewed.idToken : null;
}

function forget() {
  sessionStorage.removeItem(KEY);
}

/** Sign out: the refresh token is revoked (best effort) and this tab forgets the tokens. */
export async function signOut() {
  const session = current();
  forget();
  if (session && session.accessToken) {
    try {
      await cognito('GlobalSignOut', { AccessToken: session.accessToken });
    } catch {
      // The tokens are gone from this tab whatever the service answered.
    }
  }
}

export const ROLES = {
  patron: 'Patron',
  'work-order-operator': 'Work order operator',
  'fulfillment-services-manager': 'Fulfillment services manager',
  'digitization-manager': 'Digitization manager',
  'fulfillment-admin': 'Fulfillment administrator',
};

export function hasRole(session, ...roles) {
  return Boolean(session) && session.groups.some((group) => roles.includes(group));
}

export function isStaff(session) {
  return hasRole(session, 'work-order-operator', 'fulfillment-services-manager', 'digitization-manager', 'fulfillment-admin');
}
