import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ActionStatus, encodeHandshakeResponse, failed, HandshakeError, kmsParameters, parseHandshakeComplete,
  parseHandshakeRequest, sessionTypeParameters, succeeded,
} from '../../../main/daemon/ssm/handshake';

const portRequest = Buffer.from(JSON.stringify({
  AgentVersion: '3.3.808.0',
  RequestedClientActions: [
    { ActionType: 'SessionType', ActionParameters: { SessionType: 'Port', Properties: { localPortNumber: '0', portNumber: '80', type: 'LocalPortForwarding' } } },
  ],
}));

test('a Port HandshakeRequest yields the agent version, session type and properties', () => {
  const request = parseHandshakeRequest(portRequest);
  assert.equal(request.agentVersion, '3.3.808.0');
  const session = sessionTypeParameters(request.actions[0]!);
  assert.equal(session.sessionType, 'Port');
  assert.deepEqual(session.properties, { localPortNumber: '0', portNumber: '80', type: 'LocalPortForwarding' });
});

test('shell sessions carry null Properties', () => {
  const request = parseHandshakeRequest(Buffer.from('{"AgentVersion":"3.3.808.0","RequestedClientActions":[{"ActionType":"SessionType","ActionParameters":{"SessionType":"Standard_Stream","Properties":null}}]}'));
  assert.equal(sessionTypeParameters(request.actions[0]!).properties, null);
});

test('the response for a Port session matches the plugin byte for byte (observed, §6.3)', () => {
  assert.equal(
    encodeHandshakeResponse([succeeded('SessionType')], '1.2.0.0').toString(),
    '{"ClientVersion":"1.2.0.0","ProcessedClientActions":[{"ActionType":"SessionType","ActionStatus":1,"ActionResult":null,"Error":""}],"Errors":null}',
  );
});

test('a failed action is reported with its status and in Errors', () => {
  const body = JSON.parse(encodeHandshakeResponse([succeeded('SessionType'), failed('Fancy', 'unsupported action Fancy', ActionStatus.Unsupported)]).toString()) as {
    ClientVersion: string; ProcessedClientActions: { ActionStatus: number }[]; Errors: string[];
  };
  assert.equal(body.ClientVersion, '1.2.650.0');
  assert.deepEqual(body.ProcessedClientActions.map((a) => a.ActionStatus), [1, 3]);
  assert.deepEqual(body.Errors, ['unsupported action Fancy']);
});

test('KMSEncryption parameters: key id required, challenge optional', () => {
  assert.deepEqual(kmsParameters({ ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'k', Challenge: 'c2FsdA==' } }), { keyId: 'k', challenge: 'c2FsdA==' });
  assert.deepEqual(kmsParameters({ ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'k' } }), { keyId: 'k' });
  assert.throws(() => kmsParameters({ ActionType: 'KMSEncryption', ActionParameters: {} }), HandshakeError);
});

test('malformed requests are clear errors', () => {
  assert.throws(() => parseHandshakeRequest(Buffer.from('not json')), /HandshakeRequest is not a JSON object/);
  assert.throws(() => parseHandshakeRequest(Buffer.from('{"AgentVersion":"1"}')), /without RequestedClientActions/);
});

test('HandshakeComplete gives the customer message', () => {
  assert.deepEqual(parseHandshakeComplete(Buffer.from('{"HandshakeTimeToComplete":1500000,"CustomerMessage":"This session is encrypted using AWS KMS."}')), {
    customerMessage: 'This session is encrypted using AWS KMS.', timeToCompleteNs: 1500000,
  });
});
