import {afterEach, describe, expect, it} from 'vitest';
import {
	CACHE_CLIENT,
	CACHE_SERVER,
	CACHE_TOKEN,
	fakeOnboardingCache,
	GO_INSTALL_ERROR,
	GOENV_FILE,
	type CacheCheckKind,
} from './onboarding-cache-fixtures.js';
import {renderOnboarding} from './onboarding.js';
import {keys, type Rendered} from './render.js';

/** The onboarding's shared build cache section and applying it (issue 23), each state drawn from held-still answers. */
let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

async function render(options: Parameters<typeof fakeOnboardingCache>[0] = {}, ascii = false, width = 118) {
	app = await renderOnboarding(fakeOnboardingCache(options), {width, columns: width + 2, ascii});
	await app.waitFor(/Shared build cache/, 5000);
	return app;
}

/** The section's lines, from its heading to the end of the frame. */
const section = (frame: string) => frame.slice(frame.indexOf('Shared build cache')).trimEnd();

describe('onboarding: the profile buildCache', {timeout: 20_000}, () => {
	// In the wizard at 80x24 the screen is 76 wide: the key line was cut at the border ("… · a: all · s: sk…").
	it('the key line wraps between keys at 76 columns, every key whole', async () => {
		const view = await render({}, false, 76);
		await view.waitFor(/answers/, 5000);
		const rows = view.lastFrame()!.split('\n');
		expect(rows.some(row => row.startsWith('Enter: apply 1 chosen + shared build cache'))).toBe(true);
		expect(rows.some(row => /a: all · s: skip$/.test(row.trimEnd()) || /^s: skip$/.test(row.trim()))).toBe(true);
		expect(rows.every(row => !row.trimStart().startsWith('·') && row.length <= 76)).toBe(true);
	});

	it('ready: the server answered, the client, the go it needs and what is written; the token masked', async () => {
		const view = await render();
		await view.waitFor(/answers/, 5000);
		const frame = view.lastFrame()!;
		expect(frame).toContain('Enter: apply 1 chosen + shared build cache · Space: choose · a: all · s: skip');
		// The very rows of the Cache step and gotune cache share (planRows), the down and slow caveats with them.
		const lines = section(frame).split('\n');
		expect(lines.slice(0, 6)).toEqual([
			'Shared build cache (buildCache)',
			'  ✓ go1.26.8 has GOCACHEPROG (go1.24 and later)',
			`  server   ${CACHE_SERVER}  answers go-tool-cache's protocol (12 ms)`,
			`  client   go install ${CACHE_CLIENT}`,
			'           → /home/ana/go/bin/go-cacher',
			'  GOENV    GOCACHEPROG=/home/ana/go/bin/go-cacher --cache-dir /home/ana/.cache/go-cacher --cache-server',
		]);
		const text = section(frame).replace(/\s+/g, ' ');
		expect(text).toContain(`${CACHE_SERVER} --access-token *** GOFLAGS=-mod=mod -trimpath`);
		expect(text).toContain('token go-cacher takes the token on its command line: it is written in clear in the GOENV file');
		expect(text).toContain('local the client also keeps every object in /home/ana/.cache/go-cacher');
		expect(text).toContain('caveat go-cacher can fail a build when its server is down');
		expect(text).toContain("slow every cache lookup waits for the server's answer with no timeout");
		expect(text).toContain(`the GOENV file: ${GOENV_FILE}`);
		expect(lines.at(-1)).toBe('  Enter sets it up in the same change set as the keys; undo (u in the Rollback log) removes both.');
		expect(view.frames.join('\n')).not.toContain(CACHE_TOKEN);
	});

	// MARKER: a short piece that does not wrap, waited for; TEXTS: the lines, compared with their white space as one space.
	it.each<[CacheCheckKind, RegExp, string[]]>([
		[
			'checking',
			/checking: the go version/,
			[`checking: the go version, then whether ${CACHE_SERVER} answers go-tool-cache's protocol (up to 5 s)…`],
		],
		[
			'old-go',
			/the go in use is go1\.23\.12/,
			[
				'! the go in use is go1.23.12: a shared build cache needs GOCACHEPROG, which is go1.24 and later; not set up (the rest is applied without it)',
				`upgrade: the Toolchain step (next) installs a newer Go (i) or switches to one you have (g); then h in the Cache step sets up ${CACHE_SERVER}`,
			],
		],
		[
			'down',
			/not set up/,
			[`✗ not set up: ${CACHE_SERVER} cannot be reached: connect ECONNREFUSED 10.0.0.7:31364`, 'Enter applies the rest without it'],
		],
		['in-place', /already set up/, [`✓ already set up: GOCACHEPROG runs go-cacher → ${CACHE_SERVER} (answers, 12 ms)`]],
	])('%s', async (cache, marker, texts) => {
		const view = await render({cache});
		const frame = (await view.waitFor(marker, 5000)).replace(/\s+/g, ' ');
		for (const text of texts) expect(frame).toContain(text);
		// Enter sets it up only while it is checked (applying plans it again) or ready and not in place.
		expect(frame).toContain(cache === 'checking' ? 'Enter: apply 1 chosen + shared build cache' : 'Enter: apply 1 chosen · Space');
	});

	it('no key to change: Enter sets up the cache alone; with it in place Enter goes on', async () => {
		expect((await render({keys: false})).lastFrame()).toContain('Enter: set up the shared build cache · s: skip');
		await app?.unmount();
		const view = await render({keys: false, cache: 'in-place'});
		await view.waitFor(/already set up/, 5000);
		expect(view.lastFrame()).toContain('Enter: continue');
	});

	it('applying: progress while go install runs; Esc cancels back to the plan', async () => {
		const view = await render();
		await view.waitFor(/answers/, 5000);
		await view.press(keys.enter);
		const applying = await view.waitFor(/Applying the team profile/, 5000);
		expect(applying.replace(/\s+/g, ' ')).toContain(`Applying the team profile: go install ${CACHE_CLIENT} (through your GOPROXY)…`);
		expect(applying).toContain('Esc cancels: nothing is changed until the journal writes.');
		await view.press(keys.escape);
		const back = await view.waitFor(/Cancelled/, 5000);
		expect(back).toContain('! Cancelled: nothing was changed (GOBIN and the GOENV file are as before).');
		expect(back).toContain('Enter: apply 1 chosen + shared build cache');
	});

	it("a failure shows go's error in the failed block and what to do; Enter goes back to the plan", async () => {
		const view = await render({apply: 'fail'});
		await view.waitFor(/answers/, 5000);
		await view.press(keys.enter);
		const failed = (await view.waitFor(/Not applied/, 5000)).replace(/\s+/g, ' ');
		expect(failed).toContain(`✗ Not applied: go install ${CACHE_CLIENT} failed: ${GO_INSTALL_ERROR} Nothing was changed.`);
		expect(failed).toContain('Nothing was written. Fix what go says (often GOPROXY or the network');
		expect(failed).toContain('Enter: back to the plan to try again or leave keys out; s: go on without the profile.');
		await view.press(keys.enter);
		expect(view.lastFrame()).toContain('Enter: apply 1 chosen + shared build cache');
	});

	it('applied: the change set says it holds the shared build cache (--ascii too)', async () => {
		const view = await render({apply: 'done'}, true);
		await view.waitFor(/answers/, 5000);
		await view.press(keys.enter);
		const applied = await view.waitFor(/Applied change set/, 5000);
		expect(applied).toContain('Applied change set #9 (1 key, the shared build cache) from /work/acme/gotune.json.');
	});
});
