import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';

export type TestPki = {
	/** The test CA's certificate (PEM), for SSL_CERT_FILE. */
	caCert: string;
	caFile: string;
	/** A server certificate signed by the CA for NAMES (PEM) and its key. */
	server: {key: string; cert: string};
	/** A self-signed server certificate (no CA trusts it). */
	selfSigned: {key: string; cert: string};
	/** A server certificate the CA signed for NAMES that expired before it was made (same key as server). */
	expired: {key: string; cert: string};
	cleanup: () => Promise<void>;
};

/**
 * Certificates made at test time with openssl (argument arrays, no shell): a CA, a server certificate it signs for
 * NAMES (DNS names and IPs), and a self-signed one. Nothing is committed, nothing outlives the test.
 */
export async function makeTestPki(names: string[]): Promise<TestPki> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-pki-'));
	const f = (name: string) => path.join(dir, name);
	const openssl = (args: string[]) => execa('openssl', args, {cwd: dir, timeout: 30_000});
	const san = names.map(n => (/^\d+\.\d+\.\d+\.\d+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
	await openssl([
		'req',
		'-x509',
		'-newkey',
		'ec',
		'-pkeyopt',
		'ec_paramgen_curve:prime256v1',
		'-nodes',
		'-keyout',
		f('ca.key'),
		'-out',
		f('ca.pem'),
		'-days',
		'2',
		'-subj',
		'/CN=gotune test CA',
		'-addext',
		'basicConstraints=critical,CA:TRUE',
		'-addext',
		'keyUsage=critical,keyCertSign,cRLSign',
	]);
	await openssl([
		'req',
		'-newkey',
		'ec',
		'-pkeyopt',
		'ec_paramgen_curve:prime256v1',
		'-nodes',
		'-keyout',
		f('server.key'),
		'-out',
		f('server.csr'),
		'-subj',
		`/CN=${names[0]}`,
	]);
	await writeFile(f('ext.cnf'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
	await openssl([
		'x509',
		'-req',
		'-in',
		f('server.csr'),
		'-CA',
		f('ca.pem'),
		'-CAkey',
		f('ca.key'),
		'-CAcreateserial',
		'-out',
		f('server.pem'),
		'-days',
		'2',
		'-extfile',
		f('ext.cnf'),
	]);
	// OpenSSL 3.0 has no -not_after for x509 -req; -days -1 ends the validity a day before it starts, so the
	// certificate is expired now and go says so ("x509: certificate has expired or is not yet valid: current time ... is after ...").
	await openssl([
		'x509',
		'-req',
		'-in',
		f('server.csr'),
		'-CA',
		f('ca.pem'),
		'-CAkey',
		f('ca.key'),
		'-CAcreateserial',
		'-out',
		f('expired.pem'),
		'-days',
		'-1',
		'-extfile',
		f('ext.cnf'),
	]);
	await openssl([
		'req',
		'-x509',
		'-newkey',
		'ec',
		'-pkeyopt',
		'ec_paramgen_curve:prime256v1',
		'-nodes',
		'-keyout',
		f('self.key'),
		'-out',
		f('self.pem'),
		'-days',
		'2',
		'-subj',
		`/CN=${names[0]}`,
		'-addext',
		`subjectAltName=${san}`,
	]);
	const read = (name: string) => readFile(f(name), 'utf8');
	return {
		caCert: await read('ca.pem'),
		caFile: f('ca.pem'),
		server: {key: await read('server.key'), cert: await read('server.pem')},
		selfSigned: {key: await read('self.key'), cert: await read('self.pem')},
		expired: {key: await read('server.key'), cert: await read('expired.pem')},
		cleanup: () => rm(dir, {recursive: true, force: true}),
	};
}
