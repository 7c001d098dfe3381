import {describe, expect, it} from 'vitest';
import {withoutFetch} from '../../source/without-fetch.js';

describe('withoutFetch (the wizard chunk loads with fetch hidden, so yoga-layout does not pull in undici)', () => {
	it('hides fetch while the load runs and puts back the very same property', async () => {
		const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
		const seen = await withoutFetch(async () => {
			await Promise.resolve();
			return typeof fetch;
		});
		expect(seen).toBe('undefined');
		expect(Object.getOwnPropertyDescriptor(globalThis, 'fetch')).toEqual(before);
		expect(typeof fetch).toBe('function');
	});

	it('puts fetch back when the load fails, and the failure reaches the caller', async () => {
		const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
		await expect(
			withoutFetch(async () => {
				throw new Error('chunk missing');
			}),
		).rejects.toThrow('chunk missing');
		expect(Object.getOwnPropertyDescriptor(globalThis, 'fetch')).toEqual(before);
	});
});
