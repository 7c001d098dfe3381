import {maskSecrets} from '../mask.js';

/**
 * A network failure with the class the probe reports; `code` keeps the socket's error code (ECONNREFUSED...). The
 * message is masked here, once, so no caller can show a credential a URL carried.
 */
export class NetError extends Error {
	constructor(
		readonly kind: 'dns' | 'refused' | 'tls' | 'timeout' | 'protocol' | 'forbidden' | 'server-error',
		message: string,
		readonly status: number | null = null,
		readonly code?: string,
	) {
		super(maskSecrets(message));
	}
}

const TLS_WORDS: Record<string, string> = {
	DEPTH_ZERO_SELF_SIGNED_CERT:
		'the certificate is self-signed and not trusted (add its CA with SSL_CERT_FILE or SSL_CERT_DIR if you trust it)',
	SELF_SIGNED_CERT_IN_CHAIN:
		'the certificate chain ends in a self-signed root that is not trusted (a TLS-intercepting proxy? add its CA with SSL_CERT_FILE)',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is signed by an unknown authority',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate is signed by an unknown authority (its issuer is not trusted here)',
	UNABLE_TO_GET_ISSUER_CERT: 'the certificate is signed by an unknown authority',
	CERT_HAS_EXPIRED: 'the certificate has expired',
	CERT_NOT_YET_VALID: 'the certificate is not valid yet (check the clock)',
	ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is for another host name',
	CERT_REVOKED: 'the certificate has been revoked',
	ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer TLS (is it plain http://?)',
};

/** Socket errors → the probe's failure classes, in words. */
export function classifySocketError(error: NodeJS.ErrnoException, label: string): NetError {
	const code = error.code ?? '';
	const failure = (kind: NetError['kind'], message: string) => new NetError(kind, message, null, code || undefined);
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NODATA')
		return failure('dns', `cannot resolve ${label.replace(/:\d+$/, '')} (${code === 'EAI_AGAIN' ? 'no answer from DNS' : 'no such host'})`);
	if (code === 'ECONNREFUSED') return failure('refused', `${label} refused the connection`);
	if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
		return failure('refused', `${label} is unreachable (${code === 'ENETUNREACH' ? 'no route to the network' : 'no route to the host'})`);
	if (code === 'ETIMEDOUT') return failure('timeout', `no answer from ${label}`);
	const words =
		TLS_WORDS[code] ??
		(/SSL|TLS|CERT/.test(code) || /ssl|tls|certificate/i.test(error.message) ? `TLS failed: ${error.message}` : undefined);
	if (words) return failure('tls', `${label}: ${words}`);
	if (code === 'ECONNRESET' || code === 'EPIPE') return failure('protocol', `${label} closed the connection (${code})`);
	return failure('protocol', `${label}: ${error.message}`);
}
