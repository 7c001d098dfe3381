import {nonEmpty, type Env} from '../env.js';
import {extraCas} from './certs.js';
import {readNetrc, type NetrcLine} from './netrc.js';

/**
 * How the go command reaches the network, read from the environment once per run as net/http does
 * (golang.org/x/net/http/httpproxy FromEnvironment, crypto/x509 on Unix, cmd/go/internal/auth):
 * - HTTPS_PROXY/HTTP_PROXY/NO_PROXY, upper case first, then lower case (an empty value counts as unset);
 * - extra certificate authorities from SSL_CERT_FILE and SSL_CERT_DIR;
 * - ~/.netrc (or $NETRC) credentials.
 */
export type NetConfig = {
	httpProxy?: URL;
	httpsProxy?: URL;
	noProxy: string;
	/** Trusted roots: Node's bundle plus SSL_CERT_FILE / SSL_CERT_DIR certificates; undefined = Node's default. */
	ca?: string[];
	netrc: NetrcLine[];
};

export type ProxySettings = Pick<NetConfig, 'httpProxy' | 'httpsProxy' | 'noProxy'>;

export async function netConfigFrom(env: Env): Promise<NetConfig> {
	const [ca, netrc] = await Promise.all([extraCas(env), readNetrc(env)]);
	return {...proxySettingsFrom(env), ...(ca ? {ca} : {}), netrc};
}

/** The proxy variables alone (httpproxy.FromEnvironment); what proxyFor needs, without reading any file. */
export function proxySettingsFrom(env: Env): ProxySettings {
	const pick = (...keys: string[]) => keys.map(k => nonEmpty(env, k)).find(v => v !== undefined);
	const httpProxy = parseProxyUrl(pick('HTTP_PROXY', 'http_proxy'));
	const httpsProxy = parseProxyUrl(pick('HTTPS_PROXY', 'https_proxy'));
	return {...(httpProxy ? {httpProxy} : {}), ...(httpsProxy ? {httpsProxy} : {}), noProxy: pick('NO_PROXY', 'no_proxy') ?? ''};
}

/**
 * httpproxy.parseProxy (go 1.26): a value that is not a URL with a scheme and a host (`proxy.corp:3128`,
 * `localhost:3128`) is read as http://VALUE. Undefined when neither form is (go then ignores the variable too).
 */
export function parseProxyUrl(value: string | undefined): URL | undefined {
	if (value === undefined) return undefined;
	for (const text of [value, `http://${value}`]) {
		try {
			const url = new URL(text);
			if (url.host !== '') return url;
		} catch {
			// Try the next form.
		}
	}
	return undefined;
}
