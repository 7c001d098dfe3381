import net from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {probeProxies} from '../../source/core/module/reachability.js';
import {refusedPort} from '../helpers/module-proxy.js';

// A loopback listener stands in for the corporate proxy: the reachability check only connects, it sends nothing.
let proxy: net.Server;
let proxyPort: number;

beforeAll(async () => {
	proxy = net.createServer(socket => socket.destroy());
	await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
	proxyPort = (proxy.address() as net.AddressInfo).port;
});

afterAll(async () => {
	await new Promise(resolve => proxy.close(resolve));
});

describe('probeProxies (is any GOPROXY entry reachable?)', () => {
	it('connects to HTTPS_PROXY where go would go through it, not to the GOPROXY host', async () => {
		// goproxy.test is a name nothing resolves: only the proxy is ever contacted.
		const [probe] = await probeProxies('https://goproxy.test', {HTTPS_PROXY: `127.0.0.1:${proxyPort}`}, 2000);
		expect(probe).toMatchObject({entry: 'https://goproxy.test', reachable: true});
		expect(probe!.detail).toBe(`connected to the proxy 127.0.0.1:${proxyPort} (from HTTPS_PROXY)`);
	});

	it('connects directly to a loopback entry, as go does, and says why it failed', async () => {
		const refused = await refusedPort();
		const [probe] = await probeProxies(`http://127.0.0.1:${refused}`, {HTTP_PROXY: `http://127.0.0.1:${proxyPort}`}, 2000);
		expect(probe).toMatchObject({reachable: false});
		expect(probe!.detail).toMatch(new RegExp(`127\\.0\\.0\\.1:${refused}: ECONNREFUSED`));
	});
});
