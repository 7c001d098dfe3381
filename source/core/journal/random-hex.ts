/**
 * N random bytes as hex, from the global Web Crypto object: Node loads its crypto modules only when this is first
 * called, not when the journal is imported, so read-only commands (doctor) do not pay for them at start-up.
 */
export function randomHex(bytes: number): string {
	return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');
}
