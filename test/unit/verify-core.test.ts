import {describe, expect, it} from 'vitest';
import {crossCheck, slowestCompiles, summarizeActionGraph} from '../../source/core/verify/action-graph.js';
import {chooseLeaf, dependencyModules, downloadLines, parseList} from '../../source/core/verify/packages.js';
import {spread, verdict} from '../../source/core/verify/stats.js';

// Shapes as go 1.19/1.23 write them with -debug-actiongraph (trimmed to the fields gotune reads).
const GRAPH = JSON.stringify([
	{ID: 0, Mode: 'go build', Package: '', Cmd: null},
	{ID: 1, Mode: 'link-install', Package: 'example.com/m/cmd/app', Cmd: null},
	{ID: 2, Mode: 'link', Package: 'example.com/m/cmd/app', Cmd: ['link -o a.out'], CmdReal: 120_000_000},
	{ID: 3, Mode: 'build', Package: 'example.com/m/cmd/app', Cmd: ['compile -p main'], CmdReal: 30_000_000},
	{ID: 4, Mode: 'build', Package: 'example.com/m/p', Cmd: ['asm', 'compile -p example.com/m/p'], CmdReal: 58_400_000},
	{ID: 5, Mode: 'build', Package: 'bufio', Cmd: null},
	{ID: 6, Mode: 'built-in package', Package: 'unsafe', Cmd: null},
	{ID: 7, Mode: 'nop', Package: '', Cmd: null},
]);

describe('action graph', () => {
	it('counts build actions only: a non-empty Cmd is a miss, an empty one a hit', () => {
		const summary = summarizeActionGraph(GRAPH);
		expect(summary).toMatchObject({actions: 3, hits: 1, misses: 2, linked: true});
		expect(summary.packages).toEqual([
			{package: 'example.com/m/cmd/app', hit: false, ms: 30},
			{package: 'example.com/m/p', hit: false, ms: 58.4},
			{package: 'bufio', hit: true, ms: 0},
		]);
		expect(slowestCompiles(summary.packages, 1)).toEqual([{package: 'example.com/m/p', ms: 58}]);
	});

	it('cross-checks the misses against the -v lines', () => {
		const summary = summarizeActionGraph(GRAPH);
		expect(crossCheck(summary, ['example.com/m/p', 'example.com/m/cmd/app'])).toEqual({onlyInGraph: [], onlyInVerbose: []});
		expect(crossCheck(summary, ['example.com/m/p', 'bufio'])).toEqual({onlyInGraph: ['example.com/m/cmd/app'], onlyInVerbose: ['bufio']});
	});

	it('refuses what is not an action graph', () => {
		expect(() => summarizeActionGraph('{}')).toThrow(/not a JSON array/);
	});
});

const LIST = [
	'fmt\ttrue\tfmt\t/go/src/fmt\tprint.go\terrors,io',
	'example.com/dep\tfalse\tdep\t/mod/dep\tdep.go\t\texample.com/dep\tv1.0.0\tfalse',
	'example.com/m/util\tfalse\tutil\t/m/util\tb.go,a.go\tfmt\texample.com/m\t\ttrue',
	'example.com/m/leaf2\tfalse\tleaf2\t/m/leaf2\tl.go\t\texample.com/m\t\ttrue',
	'example.com/m/mid\tfalse\tmid\t/m/mid\tmid.go\texample.com/m/util,example.com/dep\texample.com/m\t\ttrue',
	'example.com/m/cmd/app\tfalse\tmain\t/m/cmd/app\tmain.go\texample.com/m/mid,example.com/m/util,example.com/m/leaf2\texample.com/m\t\ttrue',
].join('\n');

describe('go list -deps lines', () => {
	it('parses packages with their module', () => {
		const packages = parseList(`${LIST}\n`);
		expect(packages).toHaveLength(6);
		expect(packages[0]).toEqual({
			importPath: 'fmt',
			standard: true,
			name: 'fmt',
			dir: '/go/src/fmt',
			goFiles: ['print.go'],
			imports: ['errors', 'io'],
		});
		expect(packages[2]!.module).toEqual({path: 'example.com/m', version: '', main: true});
		expect(dependencyModules(packages)).toEqual(['example.com/dep@v1.0.0']);
	});

	it('edits the leaf most of the module imports (util: imported twice, leaf2 once)', () => {
		expect(chooseLeaf(parseList(LIST))!.importPath).toBe('example.com/m/util');
	});

	it('a single-package module edits that package', () => {
		expect(chooseLeaf(parseList('example.com/one\tfalse\tmain\t/one\tmain.go\tfmt\texample.com/one\t\ttrue'))!.importPath).toBe(
			'example.com/one',
		);
	});

	it('reads go: downloading lines', () => {
		expect(downloadLines('go: downloading example.com/dep v1.0.0\nexample.com/m\ngo: downloading golang.org/x/text v0.3.0\n')).toEqual([
			'example.com/dep@v1.0.0',
			'golang.org/x/text@v0.3.0',
		]);
	});
});

describe('median, spread and verdict', () => {
	it('median of odd and even counts, min and max', () => {
		expect(spread([30, 10, 20])).toEqual({medianMs: 20, minMs: 10, maxMs: 30, runs: 3});
		expect(spread([10, 40])).toEqual({medianMs: 25, minMs: 10, maxMs: 40, runs: 2});
		expect(spread([])).toBeUndefined();
	});

	it('overlapping ranges are no measurable difference; separate ranges are faster or slower', () => {
		expect(verdict(spread([100, 110, 120])!, spread([115, 125, 130])!).verdict).toBe('no measurable difference');
		expect(verdict(spread([100, 110, 120])!, spread([60, 65, 70])!)).toEqual({verdict: 'faster', ratio: 65 / 110});
		expect(verdict(spread([100, 110, 120])!, spread([200, 210, 220])!).verdict).toBe('slower');
		// One run a side has no spread: no difference is measurable, however large.
		expect(verdict(spread([100])!, spread([101])!).verdict).toBe('no measurable difference');
		expect(verdict(spread([100])!, spread([300, 310])!)).toEqual({verdict: 'no measurable difference', ratio: 3.05});
	});
});
