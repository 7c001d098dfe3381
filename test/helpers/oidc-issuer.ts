import {generateKeyPairSync, sign} from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';

/**
 * A loopback OIDC issuer for gocached's --jwt-issuer: it serves /.well-known/openid-configuration and its signing key
 * (JWKS), and signs JWTs with it, as a CI's identity provider does. gocached trades such a JWT for its own access
 * token (POST /auth/exchange-token), which is what a client sends as its bearer token.
 */
export type OidcIssuer = {url: string; jwt(claims: Record<string, unknown>): string; stop(): Promise<void>};

const KID = 'gotune-test';

export async function startOidcIssuer(): Promise<OidcIssuer> {
	const {publicKey, privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
	const jwk = {...publicKey.export({format: 'jwk'}), kid: KID, use: 'sig', alg: 'RS256'};
	let url = '';
	const server = http.createServer((request, response) => {
		const body =
			request.url === '/.well-known/openid-configuration'
				? {issuer: url, jwks_uri: `${url}/jwks`}
				: request.url === '/jwks'
					? {keys: [jwk]}
					: undefined;
		response.writeHead(body ? 200 : 404, {'Content-Type': 'application/json'});
		response.end(JSON.stringify(body ?? {}));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return {
		url,
		jwt(claims) {
			const now = Math.floor(Date.now() / 1000);
			const unsigned = `${part({alg: 'RS256', kid: KID, typ: 'JWT'})}.${part({iss: url, iat: now, exp: now + 600, ...claims})}`;
			return `${unsigned}.${sign('sha256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
		},
		stop: () => new Promise<void>(resolve => server.close(() => resolve())),
	};
}

/** gocached's access token for JWT: its /auth/exchange-token answer. */
export async function exchangeToken(server: string, jwt: string): Promise<string> {
	const response = await fetch(`${server}/auth/exchange-token`, {
		method: 'POST',
		body: JSON.stringify({jwt}),
		signal: AbortSignal.timeout(10_000),
	});
	if (!response.ok) throw new Error(`${server} refused the JWT: ${response.status} ${await response.text()}`);
	return ((await response.json()) as {access_token: string}).access_token;
}
