import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

/**
 * A proxy's error body is quoted in probe's verdict ("list: 404 Not Found: <first line>"), and a terminal acts on every
 * control in it. Found by hand: this body set the window title, cleared the screen and hid text behind a carriage
 * return in `gotune probe`'s output. Headless output now keeps only newlines, tabs and colours (text/printable.ts).
 * A loopback server is the only way to get these bytes: no real proxy sends them.
 */
const BODY = 'nope \u001B]0;PWNED\u0007\u001B]52;c;cHduZWQ=\u0007\u001B[2J\u001B[1Acursor\u009B31m c1 \rhidden\b\u0007 end';

describe('hostile text in headless output', () => {
	let sandbox: TestSandbox;
	let server: http.Server;
	let url: string;
	beforeAll(async () => {
		sandbox = await makeSandbox();
		server = http.createServer((_request, response) => {
			response.writeHead(404, {'content-type': 'text/plain; charset=utf-8'});
			response.end(BODY);
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
		await sandbox.cleanup();
	});

	it('probe quotes the body without one terminal control in stdout or stderr', async () => {
		const result = await sandbox.cli(['probe', url, '--no-direct', '--timeout', '10'], {env: {FORCE_COLOR: '0'}});
		const output = result.stdout + result.stderr;
		expect(output).toContain('nope');
		expect(output).toContain('end');
		expect(output).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
	});
});
