import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import tls from 'node:tls';
import {nonEmpty, type Env} from '../env.js';

/** Node's roots plus the certificates of SSL_CERT_FILE and every file of SSL_CERT_DIR (":"-separated), as crypto/x509 adds them on Unix. */
export async function extraCas(env: Env): Promise<string[] | undefined> {
	const extra: string[] = [];
	const file = nonEmpty(env, 'SSL_CERT_FILE');
	if (file !== undefined) extra.push(...pemBlocks(await readFile(file, 'utf8').catch(() => '')));
	const dirs = nonEmpty(env, 'SSL_CERT_DIR');
	for (const dir of dirs?.split(':').filter(Boolean) ?? []) {
		const names = await readdir(dir).catch(() => [] as string[]);
		for (const name of names) extra.push(...pemBlocks(await readFile(path.join(dir, name), 'utf8').catch(() => '')));
	}
	return extra.length === 0 ? undefined : [...tls.rootCertificates, ...extra];
}

function pemBlocks(text: string): string[] {
	return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
