/**
 * GOPROXY entries and go's verdict, as go 1.26.8 printed it (`GOPROXY=VALUE go mod download golang.org/x/text@v0.14.0`;
 * test/integration/go-values.test.ts compares them with the real go on every run). undefined: go accepts the entry.
 * A third element is the first Go minor version that refuses the entry (older ones accept it; gotune follows the newer).
 */
export const GOPROXY_VERDICTS: Array<[string, string | undefined, number?]> = [
	['http://us er@127.0.0.1:9/', 'parse "http://***@127.0.0.1:9/": net/url: invalid userinfo'],
	['alice:S3CRET@127.0.0.1:9', undefined],
	['http://127.0.0.1:x1/', 'parse "http://127.0.0.1:x1/": invalid port ":x1" after host'],
	['http://[::1', `parse "http://[::1": missing ']' in host`],
	['http://[127.0.0.1]:9/', 'parse "http://[127.0.0.1]:9/": invalid IP-literal', 26],
	['http://[::1]:9/', undefined],
	['file://host/x', 'invalid file:// proxy URL with non-path elements: file://host/x'],
	['file:///x?y', 'invalid file:// proxy URL with non-path elements: file:///x?y'],
	['file:/x', 'invalid file:// proxy URL with non-path elements: file:/x'],
	['http://a b/', 'parse "http://a b/": invalid character " " in host name'],
	['http://127.0.0.1:9/%zz', 'parse "http://127.0.0.1:9/%zz": invalid URL escape "%zz"'],
	['http://127.0.0.1%41/', 'parse "http://127.0.0.1%41/": invalid URL escape "%41"'],
	['http://127.0.0.1:9/\u0001', 'parse "http://127.0.0.1:9/\\x01": net/url: invalid control character in URL'],
	['ftp://x', 'invalid proxy URL scheme (must be https, http, file): ftp://x'],
	['localhost', 'invalid proxy URL missing scheme: localhost'],
	['127.0.0.1:9/mod', undefined],
];
