import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import net from 'node:net';

/**
 * An HTTP CONNECT proxy on 127.0.0.1, as HTTPS_PROXY points at. It resolves names itself from HOSTS (name → port
 * on 127.0.0.1), so a test can use a non-loopback host name (go and gotune never use a proxy for loopback targets,
 * httpproxy's rule) while every byte stays on this machine. `tunnels` logs each CONNECT authority and each
 * forwarded absolute-form request (`GET http://...`). A hostile proxy (issue 18) accepts the CONNECT and then closes
 * the tunnel: 'close-before-answer' ends the connection without a status line, 'close-after-answer' answers 200 and
 * ends it before any byte of the target.
 */
export async function startConnectProxy(
	hosts: Record<string, number>,
	{hostile, tls}: {hostile?: 'close-before-answer' | 'close-after-answer'; tls?: {key: string; cert: string}} = {},
): Promise<{url: string; tunnels: string[]; close: () => Promise<void>}> {
	const tunnels: string[] = [];
	const sockets = new Set<net.Socket>();
	// Plain http:// targets arrive in absolute form (GET http://host:port/path), as HTTP_PROXY receives them.
	// With TLS, the proxy itself is https:// (HTTPS_PROXY=https://...): net/http speaks TLS to it before CONNECT.
	const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
		const target = /^http:\/\/([^/:]+)(?::\d+)?(\/.*)?$/.exec(req.url ?? '');
		const port = target ? hosts[target[1]!] : undefined;
		tunnels.push(`GET ${req.url ?? ''}`);
		if (!target || port === undefined) {
			res.writeHead(502).end('unknown host');
			return;
		}
		const upstream = http.request({host: '127.0.0.1', port, path: target[2] ?? '/', headers: req.headers}, answer => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => res.writeHead(502).end('upstream failed'));
		req.pipe(upstream);
	};
	const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
	server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
		const authority = req.url ?? '';
		tunnels.push(authority);
		sockets.add(client);
		if (hostile === 'close-before-answer') {
			client.end();
			return;
		}
		if (hostile === 'close-after-answer') {
			client.end('HTTP/1.1 200 Connection established\r\n\r\n');
			return;
		}
		const host = authority.replace(/:\d+$/, '');
		const port = hosts[host];
		if (port === undefined) {
			client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
			return;
		}
		const upstream = net.connect(port, '127.0.0.1', () => {
			client.write('HTTP/1.1 200 Connection established\r\n\r\n');
			if (head.length > 0) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		sockets.add(upstream);
		const end = () => {
			upstream.destroy();
			client.destroy();
		};
		upstream.on('error', end);
		client.on('error', end);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		tunnels,
		close: () =>
			new Promise(resolve => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
