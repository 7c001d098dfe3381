/**
 * gotune's one network layer: every HTTP request (the proxy probe, the release feed and index, archive downloads)
 * goes through it, so each sees the network as go sees it — HTTPS_PROXY/HTTP_PROXY/NO_PROXY by httpproxy's rules,
 * SSL_CERT_FILE/SSL_CERT_DIR, ~/.netrc — with bounded bodies, go's redirect rules and timed connections.
 */
export * from './body.js';
export * from './config.js';
export * from './connect.js';
export * from './connection.js';
export * from './errors.js';
export * from './get.js';
export * from './netrc.js';
export * from './no-proxy.js';
export * from './redirect.js';
