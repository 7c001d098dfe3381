import {describe, expect, it} from 'vitest';
import {explainOutput, explainWithFixes} from '../../source/core/explain/explain.js';
import type {Machine} from '../../source/core/explain/fixes.js';
import {matchOutput} from '../../source/core/explain/match.js';
import {stageFixes} from '../../source/core/explain/staged.js';

// Every text below is go's own message, taken from cmd/go/testdata/script (go 1.19, 1.26) with the regexps of the
// `stderr` lines filled in, or from real go runs (the x509 and dial lines, which the scripts do not pin).
const CASES: Array<[string, string, string | undefined]> = [
	[
		'module-not-on-proxy',
		'go: rsc.io/quote@v1.999.999: reading http://127.0.0.1:4000/mod/rsc.io/quote/@v/v1.999.999.info: 404 Not Found\n\tserver response: not found',
		'rsc.io/quote',
	],
	[
		'module-not-on-proxy',
		'go: example.net/emptysubdir/subdir/...: module example.net/emptysubdir/subdir: reading http://127.0.0.1:4000/mod/example.net/emptysubdir/subdir/@v/list: 404 Not Found\n\tserver response: 404 page not found',
		'example.net/emptysubdir/subdir',
	],
	[
		'module-not-on-proxy',
		'go: rsc.io/quote@v1.5.2: reading http://127.0.0.1:4000/410/rsc.io/quote/@v/v1.5.2.mod: 410 Gone',
		'rsc.io/quote',
	],
	[
		'private-credentials',
		"go: github.com/acme/private@v1.0.0: git ls-remote -q origin in /tmp/gopath/pkg/mod/cache/vcs/abc: exit status 128:\n\tfatal: could not read Username for 'https://github.com': terminal prompts disabled\nConfirm the import path was typed correctly.\nIf this is a private repository, see https://golang.org/doc/faq#git_https for additional information.",
		'github.com/acme/private',
	],
	[
		'private-credentials',
		'go: corp.example/lib@v1.0.0: reading https://goproxy.corp.example/corp.example/lib/@v/v1.0.0.info: 403 Forbidden',
		'corp.example/lib',
	],
	[
		'checksum-mismatch',
		"verifying rsc.io/quote@v1.5.2: checksum mismatch\n\tdownloaded: h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\n\tgo.sum:     h1:0000000000000000000000000000000000000000000=\n\nSECURITY ERROR\nThis download does NOT match an earlier download recorded in go.sum.\nThe bits may have been replaced on the origin server, or an attacker may\nhave intercepted the download attempt.\n\nFor more information, see 'go help module-auth'.",
		'rsc.io/quote',
	],
	['checksum-mismatch', 'go: rsc.io/quote@v1.5.2: verifying go.mod: checksum mismatch', 'rsc.io/quote'],
	[
		'checksum-db-private',
		'go: corp.example/lib@v1.0.0: verifying module: corp.example/lib@v1.0.0: reading https://sum.golang.org/lookup/corp.example/lib@v1.0.0: 410 Gone\n\tserver response: not found: corp.example/lib@v1.0.0: unrecognized import path',
		'corp.example/lib',
	],
	[
		'tls',
		'go: example.com/hello@v1.0.0: Get "https://127.0.0.1:4443/example.com/hello/@v/v1.0.0.info": tls: failed to verify certificate: x509: certificate signed by unknown authority',
		undefined,
	],
	[
		'tls',
		'go: example.com/hello@v1.0.0: Get "https://127.0.0.1:4443/example.com/hello/@v/v1.0.0.info": x509: certificate signed by unknown authority',
		undefined,
	],
	[
		'network',
		'go: rsc.io/fortune@v1.0.0: verifying module: rsc.io/fortune@v1.0.0: Get "https://localhost.localdev/sumdb/sum.golang.org/supported": dial tcp: lookup localhost.localdev: no such host',
		undefined,
	],
	[
		'network',
		'go: example.com/hello@v1.0.0: Get "http://127.0.0.1:9/example.com/hello/@v/v1.0.0.info": dial tcp 127.0.0.1:9: connect: connection refused',
		undefined,
	],
	['goproxy-off', 'go: golang.org/x/text: module lookup disabled by GOPROXY=off', 'golang.org/x/text'],
	[
		'goproxy-off',
		'doc: cannot find module providing package example.com/hello: module lookup disabled by GOPROXY=off',
		'example.com/hello',
	],
	[
		'inconsistent-vendoring',
		'go: inconsistent vendoring in /work/auto:\n\texample.com/printversion@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt\n\n\tTo ignore the vendor directory, use -mod=readonly or -mod=mod.\n\tTo sync the vendor directory, run:\n\t\tgo mod vendor',
		undefined,
	],
	['toolchain-too-old', 'go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)', undefined],
	['toolchain-too-old', 'go: rsc.io/future@v1.0.0 requires go >= 1.999 (running go 1.21; GOTOOLCHAIN=local)', undefined],
	['toolchain-too-old', '# example.com/m\n./m.go:3:13: undefined: min\nnote: module requires Go 1.99', undefined],
	[
		'missing-go-sum',
		'go: rsc.io/quote@v1.5.2: missing go.sum entry for go.mod file; to add it:\n\tgo mod download rsc.io/quote',
		'rsc.io/quote',
	],
	[
		'missing-go-sum',
		'main.go:3:8: missing go.sum entry for module providing package rsc.io/quote (imported by example.com/m); to add:\n\tgo get example.com/m',
		'rsc.io/quote',
	],
	[
		'module-path-mismatch',
		'go: example.com/retract/rename@v1.0.0-bad: parsing go.mod:\n\tmodule declares its path as: example.com/retract/newname\n\t        but was required as: example.com/retract/rename',
		undefined,
	],
	[
		'no-required-module',
		'go: example.com/untidy imports\n\texample.net/directnotfound: no required module provides package example.net/directnotfound; to add it:\n\tgo get example.net/directnotfound',
		'example.net/directnotfound',
	],
	[
		'ambiguous-import',
		'go: example.net/split/nested: ambiguous import: found package example.net/split/nested in multiple modules:\n\texample.net/split v0.2.0 (/tmp/split.2/nested)\n\texample.net/split/nested v0.1.0 (/tmp/nested.1)',
		'example.net/split/nested',
	],
	[
		'unknown-revision',
		'go: github.com/golang/term@86186f3aba07ed0212cfb944f3398997d2d07c6b: invalid version: unknown revision 86186f3aba07ed0212cfb944f3398997d2d07c6b',
		'github.com/golang/term',
	],
	[
		'unknown-revision',
		'go: example.com@v0.0.0 requires\n\tgolang.org/x/text@v1.999999.0: reading golang.org/x/text/go.mod at revision v1.999999.0: unknown revision v1.999999.0',
		'golang.org/x/text',
	],
	['goflags-lockout', 'go: parsing $GOFLAGS: unknown flag -nosuchflag', undefined],
	[
		'build-cache',
		'build cache is required, but could not be located: GOCACHE is not defined and neither $XDG_CACHE_HOME nor $HOME are defined',
		undefined,
	],
	['build-cache', 'go: build cache is disabled by GOCACHE=off, but required as of Go 1.12', undefined],
	[
		'build-cache',
		'go: failed to initialize build cache at /root/.cache/go-build: mkdir /root/.cache/go-build: permission denied',
		undefined,
	],
	['module-cache-permission', 'go: writing go.mod cache: mkdir /home/u/go/pkg/mod/cache/download/rsc.io: permission denied', undefined],
	[
		'tls',
		'go: example.com/hello@v1.0.0: Get "https://127.0.0.1:4443/example.com/hello/@v/v1.0.0.info": tls: failed to verify certificate: x509: cannot validate certificate for 127.0.0.1 because it doesn\'t contain any IP SANs',
		undefined,
	],
	['disk-full', 'go: copying requirements: write /tmp/go-build123/b001/_pkg_.a: no space left on device', undefined],
	// go.work (work_goline_order.txt, work_module_not_in_go_work.txt, work_nowork.txt): go 1.26, then go 1.27's wording, then go 1.19's.
	[
		'workspace',
		'go: module . listed in go.work file requires go >= 1.21.2, but go.work lists go 1.21.1; to update it:\n\tgo work use',
		'.',
	],
	[
		'workspace',
		'go: module . listed in go.work file requires go >= 1.21.2, but go.work lists go 1.21.1; to download and use go 1.21.2:\n\tgo work use',
		'.',
	],
	[
		'workspace',
		'go: module . listed in go.work file requires go >= 1.21, but go.work implicitly requires go 1.18; to update it:\n\tgo work use',
		'.',
	],
	[
		'workspace',
		'go: directory a/c is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using:\n\tgo work use a',
		undefined,
	],
	[
		'workspace',
		'go: directory a/c is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using go work use a',
		undefined,
	],
	['workspace', "go: no go.work file found\n\t(run 'go work init' first or specify path using GOWORK environment variable)", undefined],
	// go 1.19's go mod tidy against test/helpers/git-server.ts, no credentials (context line without "go: ").
	[
		'private-credentials',
		'example.com/m imports\n\tprivate.example/acme/widgets: cannot find module providing package private.example/acme/widgets: unrecognized import path "private.example/acme/widgets": reading https://private.example/acme/widgets?go-get=1: 401 Unauthorized\n\tserver response: 401 Unauthorized',
		'private.example/acme/widgets',
	],
	// go 1.26.8 against test/helpers/git-server.ts with credentials for go only (NETRC): git cannot ask.
	[
		'private-credentials',
		"go: private.example/acme/widgets@v1.0.0: invalid version: git ls-remote -q --end-of-options https://private.example/acme/widgets.git in /tmp/p/.modcache/cache/vcs/0ef8: exit status 128:\n\tfatal: could not read Username for 'https://private.example': terminal prompts disabled\nConfirm the import path was entered correctly.\nIf this is a private repository, see https://golang.org/doc/faq#git_https for additional information.",
		'private.example/acme/widgets',
	],
	// Real runs of go 1.19, 1.26.8 and 1.27.3 against test/helpers/git-server.ts: the go-get page asks for credentials.
	[
		'private-credentials',
		'go: private.example/acme/widgets@v1.0.0: unrecognized import path "private.example/acme/widgets": reading https://private.example/acme/widgets?go-get=1: 401 Unauthorized\n\tserver response: 401 Unauthorized',
		'private.example/acme/widgets',
	],
	// A real run of go 1.19, 1.26.8 and 1.27.3 (same text): GOPROXY=http://alice:s3cret@127.0.0.1:1.
	[
		'insecure-credentials',
		'go: example.com/hello@v1.0.0: refusing to pass credentials to insecure URL: http://alice:xxxxx@127.0.0.1:1/example.com/hello/@v/v1.0.0.info',
		'example.com/hello',
	],
	// From go's own scripts (goflags.txt, gotoolchain_local.txt, gotoolchain_net.txt, mod_get_exec_toolchain.txt,
	// mod_import_vendor.txt, mod_readonly.txt, build_nocache.txt, mod_sum_ambiguous.txt, mod_sum_readonly.txt,
	// work_module_not_in_go_work.txt), checked by real runs of go 1.19, 1.26.8 and 1.27.3 where this machine can run them.
	[
		'goflags-lockout',
		'go: invalid boolean value "asdf" for flag -e (from $GOFLAGS): parse error\nusage: go list [-f format] [-json] [-m] [list flags] [build flags] [packages]\nRun \'go help list\' for details.',
		undefined,
	],
	['goflags-lockout', 'go: flag needs an argument: -f (from $GOFLAGS)', undefined],
	['goflags-lockout', 'go: invalid GOTOOLCHAIN "asdf"', undefined],
	['toolchain-download', 'go: download go1.9999x for linux/amd64: toolchain not available', undefined],
	[
		'toolchain-download',
		'go: golang.org/toolchain@v0.0.1-go1.999testmod.linux-amd64: verifying module: checksum database disabled by GOSUMDB=off',
		'golang.org/toolchain',
	],
	['toolchain-too-old', 'go: updating go.mod requires go >= 1.22.1 (running go 1.21; GOTOOLCHAIN=local)', undefined],
	['lookup-disabled', 'm.go:2:8: cannot find module providing package rsc.io/quote: import lookup disabled by -mod=vendor', 'rsc.io/quote'],
	[
		'lookup-disabled',
		'x.go:2:8: cannot find module providing package rsc.io/quote: import lookup disabled by -mod=readonly',
		'rsc.io/quote',
	],
	['lookup-disabled', 'm.go:2:8: cannot find package "." in:\n\t/tmp/hx/p/vendor/rsc.io/quote', undefined],
	['build-cache', 'build cache is required, but could not be located: GOCACHE is not an absolute path', undefined],
	['build-cache', 'go: GOCACHE is not an absolute path', undefined],
	['missing-go-sum', 'go: rsc.io/quote@v1.5.2: missing go.sum entry; to add it:\n\tgo mod download rsc.io/quote', 'rsc.io/quote'],
	[
		'missing-go-sum',
		'use.go:3:8: missing go.sum entry needed to verify package example.com/ambiguous/a/b (imported by m) is provided by exactly one module; to add:\n\tgo get m',
		undefined,
	],
	['workspace', 'current directory outside modules listed in go.work or their selected dependencies', undefined],
	['workspace', 'pattern ./...: directory prefix . does not contain modules listed in go.work or their selected dependencies', undefined],
];

const MACHINE: Machine = {
	values: {
		GOPROXY: 'https://alice:S3CRET@proxy.corp.example,direct',
		GOPRIVATE: '',
		GONOPROXY: '',
		GONOSUMDB: '',
		GOSUMDB: 'sum.golang.org',
		GOVERSION: 'go1.26.8',
	},
	sources: {GOPROXY: 'goenv', GOPRIVATE: 'default'},
	repairs: {},
};

describe("explain: go's real messages", () => {
	for (const [cls, text, subject] of CASES) {
		it(`${cls}: ${text.split('\n').at(-1)!.slice(0, 70)}`, () => {
			const {matched, unrecognised} = matchOutput(text);
			expect(unrecognised).toEqual([]);
			expect(matched.map(m => m.finding.class)).toEqual([cls]);
			if (subject) expect(matched[0]!.finding.subject).toBe(subject);
			// Every line of go's message is in the evidence (blank lines aside).
			expect(matched[0]!.lines).toEqual(text.split('\n').filter(l => l.trim() !== ''));
		});
	}

	it("module-path-mismatch in go 1.26's form: the first line names the requiring module too", () => {
		const text =
			'go: example.com/old@v1.0.0 requires example.com/old@v1.0.0: parsing go.mod:\n\tmodule declares its path as: example.com/new\n\t        but was required as: example.com/old';
		const {matched, unrecognised} = matchOutput(text);
		expect(unrecognised).toEqual([]);
		expect(matched.map(m => m.finding.class)).toEqual(['module-path-mismatch']);
	});

	it('lists what it does not know, and never guesses', () => {
		const {matched, unrecognised} = matchOutput('# example.com/m\n./m.go:4:2: undefined: foo\ngo: downloading rsc.io/quote v1.5.2\n');
		expect(matched).toEqual([]);
		expect(unrecognised).toEqual(['# example.com/m', './m.go:4:2: undefined: foo']);
	});

	it('one problem per module, however many packages fail on it', () => {
		const line = 'go: rsc.io/quote@v1.5.2: missing go.sum entry for go.mod file; to add it:\n\tgo mod download rsc.io/quote';
		const {matched} = matchOutput(`${line}\n${line}\ngo: golang.org/x/text: module lookup disabled by GOPROXY=off`);
		expect(matched.map(m => m.finding.class)).toEqual(['missing-go-sum', 'goproxy-off']);
	});

	it("fixes: go's own command, setting changes where the key is set, secrets masked", () => {
		const {problems} = explainOutput(
			[
				CASES[18]![1],
				'go: corp.example/lib@v1.0.0: verifying module: corp.example/lib@v1.0.0: reading https://sum.golang.org/lookup/corp.example/lib@v1.0.0: 410 Gone',
				'go: golang.org/x/text: module lookup disabled by GOPROXY=off',
				'go: x.example/m@v1.0.0: reading https://bob:T0KEN@proxy.corp.example/x.example/m/@v/v1.0.0.info: 404 Not Found',
			].join('\n'),
			{...MACHINE, sources: {...MACHINE.sources, GOPROXY: 'process'}},
			{},
		);
		expect(problems.map(p => p.fix)).toEqual([
			{kind: 'command', command: 'go mod download rsc.io/quote'},
			{
				kind: 'setting',
				changes: [{key: 'GONOSUMDB', value: 'corp.example', command: 'go env -w GONOSUMDB=corp.example', via: 'goenv'}],
				note: expect.any(String),
			},
			{
				kind: 'setting',
				changes: [{key: 'GOPROXY', value: '', command: expect.stringMatching(/^unset GOPROXY/), via: 'manual'}],
				note: expect.any(String),
			},
			{kind: 'command', command: 'go get x.example/m@latest', note: expect.any(String)},
		]);
		const all = JSON.stringify(problems);
		expect(all).not.toContain('S3CRET');
		expect(all).not.toContain('T0KEN');
		expect(problems[1]!.settings['GOPROXY']).toEqual({value: 'https://***@proxy.corp.example,direct', source: 'process'});
		expect(problems[3]!.evidence.at(-1)).toMatch(
			/^checked: go fetches x\.example\/m from https:\/\/\*\*\*@proxy\.corp\.example, then direct/,
		);
	});

	it('credentials over plain http: the GOPROXY entry that carries them becomes https, password kept for the journal only', () => {
		const machine = {...MACHINE, values: {...MACHINE.values, GOPROXY: 'https://proxy.golang.org|http://alice:S3CRET@127.0.0.1:1,direct'}};
		const {explanation, fixes} = explainWithFixes(CASES.find(c => c[0] === 'insecure-credentials')![1], machine, {});
		expect(explanation.problems.map(p => p.class)).toEqual(['insecure-credentials']);
		expect(fixes[0]).toMatchObject({
			kind: 'setting',
			changes: [{key: 'GOPROXY', value: 'https://proxy.golang.org|https://alice:S3CRET@127.0.0.1:1,direct', via: 'goenv'}],
		});
		expect(JSON.stringify(explanation)).not.toContain('S3CRET');
		// No entry with credentials for that host: nothing is guessed, the command to look is printed.
		const other = explainOutput(CASES.find(c => c[0] === 'insecure-credentials')![1], MACHINE, {});
		expect(other.problems[0]!.fix).toMatchObject({kind: 'command', command: 'go env GOPROXY'});
	});

	it('disk full: what to free follows the directory go was writing (module cache, else the build cache)', () => {
		// go 1.26.8 with GOMODCACHE on a full tmpfs (test/integration/explain-repro.test.ts).
		const line =
			'go: example.com/big@v1.0.0: read "http://127.0.0.1:33203/example.com/big/@v/v1.0.0.zip": write /tmp/p/.modcache/cache/download/example.com/big/@v/v1.0.0.zip504957301.tmp: no space left on device';
		const machine = {...MACHINE, values: {...MACHINE.values, GOMODCACHE: '/tmp/p/.modcache', GOCACHE: '/tmp/p/.gocache'}};
		expect(explainOutput(line, machine, {}).problems[0]!.fix).toMatchObject({command: 'go clean -modcache'});
		expect(explainOutput(CASES.find(c => c[0] === 'disk-full')![1], machine, {}).problems[0]!.fix).toMatchObject({
			command: 'go clean -cache',
		});
	});

	it("fixes for go's scripts' variants: the lock-out's key, the toolchain's download, -mod=vendor/readonly", () => {
		const fixOf = (cls: string, machine = MACHINE) =>
			explainOutput(CASES.find(c => c[0] === cls && c[1].includes(cls === 'goflags-lockout' ? 'GOTOOLCHAIN' : ''))![1], machine, {})
				.problems[0]!.fix;
		expect(fixOf('goflags-lockout')).toMatchObject({kind: 'setting', changes: [{key: 'GOTOOLCHAIN', value: ''}]});
		expect(fixOf('toolchain-download')).toMatchObject({kind: 'command', command: 'go env GOTOOLCHAIN'});
		expect(fixOf('toolchain-download', {...MACHINE, values: {...MACHINE.values, GOPROXY: 'off'}})).toMatchObject({
			kind: 'setting',
			changes: [{key: 'GOPROXY', value: ''}],
		});
		const vendor = (text: string) => explainOutput(text, MACHINE, {}).problems[0]!;
		for (const text of CASES.filter(c => c[0] === 'lookup-disabled' && !c[1].includes('readonly')).map(c => c[1])) {
			expect(vendor(text).fix).toMatchObject({kind: 'command', command: 'go mod vendor'});
			expect(vendor(text).summary).toMatch(/vendor has no package rsc\.io\/quote/);
		}
		expect(vendor(CASES.find(c => c[0] === 'lookup-disabled' && c[1].includes('-mod=readonly'))![1]).fix).toMatchObject({
			command: 'go get rsc.io/quote',
		});
	});

	it('GOPRIVATE is extended, not replaced, and go toolchains before 1.21 are replaced rather than switched', () => {
		const machine = {...MACHINE, values: {...MACHINE.values, GOPRIVATE: 'git.corp.example'}};
		const {problems} = explainOutput(
			"go: github.com/acme/private@v1.0.0: git ls-remote -q origin in /tmp/x: exit status 128:\n\tfatal: could not read Username for 'https://github.com': terminal prompts disabled\ngo: rsc.io/future@v1.0.0: module rsc.io/future@v1.0.0 requires go >= 1.999 (running go 1.20.0)",
			machine,
			{},
		);
		expect(problems[0]!.fix).toMatchObject({
			kind: 'setting',
			changes: [{key: 'GOPRIVATE', value: 'git.corp.example,github.com/acme'}],
			note: 'then give git credentials: gotune access github.com/acme/private --fix netrc --user NAME --password-stdin',
		});
		expect(problems[1]!.fix).toMatchObject({kind: 'command', command: 'gotune install-go 1.999'});
	});

	it('--fix stages GOENV changes (one per key, patterns joined) and leaves commands and shell settings to the person', () => {
		const text = [
			'go: corp.example/lib@v1.0.0: verifying module: corp.example/lib@v1.0.0: reading https://sum.golang.org/lookup/corp.example/lib@v1.0.0: 410 Gone',
			'go: git.other.example/x@v1.0.0: verifying module: git.other.example/x@v1.0.0: reading https://sum.golang.org/lookup/git.other.example/x@v1.0.0: 404 Not Found',
			'go: golang.org/x/text: module lookup disabled by GOPROXY=off',
			CASES[18]![1],
			'go: parsing $GOFLAGS: unknown flag -nosuchflag',
		].join('\n');
		const machine = {...MACHINE, sources: {...MACHINE.sources, GOPROXY: 'goenv', GOFLAGS: 'process'}};
		const {fixes} = explainWithFixes(text, machine, {});
		expect(stageFixes(fixes)).toEqual({
			steps: [
				{kind: 'goenv', key: 'GONOSUMDB', value: 'corp.example,git.other.example'},
				{kind: 'goenv', key: 'GOPROXY', value: null},
			],
			manual: ['go mod download rsc.io/quote', 'unset GOFLAGS'],
		});
	});

	it('--fix never writes a masked value: the staged fix keeps what explain shows masked', () => {
		const machine = {...MACHINE, values: {...MACHINE.values, GONOSUMDB: 'https://u:S3CRET@x'}, sources: {...MACHINE.sources}};
		const text =
			'go: corp.example/lib@v1.0.0: verifying module: corp.example/lib@v1.0.0: reading https://sum.golang.org/lookup/corp.example/lib@v1.0.0: 410 Gone';
		const {explanation, fixes} = explainWithFixes(text, machine, {});
		expect(JSON.stringify(explanation)).not.toContain('S3CRET');
		expect(stageFixes(fixes).steps[0]!.value).toBe('https://u:S3CRET@x,corp.example');
	});

	it('go.work: the command go suggests, in go 1.19 (same line) and later (next line)', () => {
		const fixes = [
			'go: directory a/c is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using go work use a',
			'go: current directory is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using:\n\tgo work use ..',
			'go: module . listed in go.work file requires go >= 1.21.2, but go.work lists go 1.21.1; to download and use go 1.21.2:\n\tgo work use',
		].map(text => explainOutput(text, MACHINE, {}).problems[0]!.fix);
		expect(fixes.map(f => f.kind === 'command' && f.command)).toEqual(['go work use a', 'go work use ..', 'go work use']);
	});

	it("module cache permission anywhere GOMODCACHE is (go's real lines for a cache outside pkg/mod), one problem; other paths not guessed at", () => {
		const text = [
			'go: writing stat cache: mkdir /srv/modcache/cache: permission denied',
			'go: writing go.mod cache: mkdir /srv/modcache/cache: permission denied',
			'go: mkdir /srv/modcache/cache: permission denied',
			'go: mkdir /srv/modcache-other/x: permission denied',
		].join('\n');
		const {matched, unrecognised} = matchOutput(text, '/srv/modcache');
		expect(matched.map(m => [m.finding.class, m.lines.length])).toEqual([['module-cache-permission', 3]]);
		expect(unrecognised).toEqual(['go: mkdir /srv/modcache-other/x: permission denied']);
		expect(matchOutput(text).matched).toEqual([]);
	});
});
