import {formatBytes} from '../../text/units.js';
import {formatMs} from '../../text/timing.js';
import type {Report} from './report.js';

type StoredRun = {
	kind?: string;
	wallMs?: number[];
	medianMs?: number | null;
	actions?: number | null;
	hits?: number | null;
	edited?: string;
	error?: string;
};
type StoredBench = {
	time?: string;
	go?: string;
	project?: string;
	runs?: StoredRun[];
	modules?: {reused?: number; downloaded?: number} | null;
	comparison?: {verdict?: string | null; ratio?: number | null} | null;
};

/** The report as Markdown (for an issue tracker) or as plain text (a terminal): same content, already paste-safe. */
export function reportLines(report: Report, markdown: boolean): string[] {
	const h = (text: string) => (markdown ? `\n## ${text}\n` : `\n${text}`);
	const code = (text: string) => (markdown ? `\`${text.replace(/`/g, "'")}\`` : text);
	const row = (cells: string[]) => (markdown ? `| ${cells.map(c => c.replace(/\|/g, '\\|')).join(' | ')} |` : `  ${cells.join('  ')}`);
	const table = (head: string[], rows: string[][]) =>
		markdown ? [row(head), row(head.map(() => '---')), ...rows.map(row)] : rows.map(row);
	const lines: string[] = [
		markdown ? `# gotune report` : 'gotune report',
		`gotune ${report.gotune}, ${report.time.replace('T', ' ').slice(0, 19)} UTC`,
	];

	lines.push(h('Toolchains'));
	if (report.toolchains.all.length === 0) lines.push('No go found on PATH or in the usual install places.');
	lines.push(
		...table(
			['go', 'version', ''],
			report.toolchains.all.map(go => [
				code(go.path),
				go.version ?? 'unknown',
				go.path === report.toolchains.winner ? 'wins on PATH' : go.onPath ? 'on PATH, shadowed' : 'not on PATH',
			]),
		),
	);

	lines.push(h('Environment'));
	lines.push(`GOENV file: ${report.goenvFile ? code(report.goenvFile) : 'none'}`);
	if (markdown) lines.push('');
	lines.push(
		...table(
			['key', 'value', 'source'],
			Object.entries(report.environment).map(([key, {value, source}]) => [key, value === '' ? '(empty)' : code(value), source]),
		),
	);

	lines.push(h('Probe results'));
	const probes = report.probes;
	if (probes === null) lines.push("None kept yet: gotune probe (or the wizard's Proxy step) times the GOPROXY candidates.");
	else {
		lines.push(
			`For ${code(probes.module)}, ${probes.time.replace('T', ' ').slice(0, 19)} UTC; composed GOPROXY: ${probes.goproxy ? code(probes.goproxy) : 'none (no candidate worked)'}`,
		);
		if (markdown) lines.push('');
		const ms = (n: number | null) => (n === null ? '—' : formatMs(n));
		lines.push(
			...table(
				['candidate', 'result', 'total', 'first byte', 'throughput'],
				probes.candidates.map(c => [
					code(c.url),
					c.ok ? 'ok' : `${c.error ?? 'failed'}${c.status === null ? '' : ` (HTTP ${c.status})`}`,
					ms(c.latencyMs),
					ms(c.firstByteMs),
					c.bytesPerSec === null ? '—' : `${formatBytes(c.bytesPerSec)}/s`,
				]),
			),
		);
	}

	lines.push(h('Caches'));
	lines.push(
		...table(
			['cache', 'location', 'size'],
			report.caches.map(c => [
				c.name,
				c.path ? code(c.path) : 'unknown',
				c.bytes === null ? (c.note ?? 'unknown') : `${formatBytes(c.bytes)} in ${c.files} files`,
			]),
		),
	);

	lines.push(h('Measurements'));
	const bench = report.measurements as StoredBench | null;
	if (bench === null) lines.push("None yet: gotune bench (or the wizard's Verify step) measures cold, warm and incremental builds.");
	else {
		lines.push(
			`${bench.go ?? 'go'} on ${code(bench.project ?? '?')}${bench.time ? `, ${bench.time.replace('T', ' ').slice(0, 19)} UTC` : ''}`,
		);
		if (markdown) lines.push('');
		lines.push(
			...table(
				['build', 'median', 'runs', 'build cache hits'],
				(bench.runs ?? []).map(r => [
					`${r.kind ?? '?'}${r.edited ? ` (edited ${r.edited})` : ''}`,
					typeof r.medianMs === 'number' ? formatMs(r.medianMs) : `not measured${r.error ? `: ${errorLine(r.error)}` : ''}`,
					(r.wallMs ?? []).map(formatMs).join(', '),
					typeof r.hits === 'number' && typeof r.actions === 'number' ? `${r.hits}/${r.actions}` : '–',
				]),
			),
		);
		if (markdown) lines.push('');
		if (bench.modules) lines.push(`Modules: ${bench.modules.reused ?? 0} reused, ${bench.modules.downloaded ?? 0} downloaded.`);
		if (bench.comparison?.verdict)
			lines.push(
				`Before/after: ${bench.comparison.verdict}${typeof bench.comparison.ratio === 'number' ? ` (now ${bench.comparison.ratio.toFixed(2)}× the time before)` : ''}.`,
			);
	}

	lines.push(h('Last explained problem'));
	lines.push(
		report.lastExplanation
			? report.lastExplanation.text
			: "None: gotune explain (or the wizard's Troubleshoot screen) explains a failing go command.",
	);

	lines.push(h('Journal'));
	if (report.journal.length === 0) lines.push('No changes recorded.');
	for (const set of report.journal) {
		lines.push(`${markdown ? '- ' : '  '}#${set.id} ${set.time.replace('T', ' ').slice(0, 19)} UTC ${set.origin} (${set.status})`);
		for (const change of set.changes)
			lines.push(
				`${markdown ? '  - ' : '    '}${change.key}: ${code(change.before)} → ${code(change.after)}${change.status === set.status ? '' : ` [${change.status}]`}`,
			);
	}
	if (report.notes.length > 0) {
		lines.push(h('Notes'));
		for (const note of report.notes) lines.push(`${markdown ? '- ' : '  '}${note}`);
	}
	return lines;
}

/** One line of go's error for a table cell: a compile error's "# package" heading says less than the line after it. */
function errorLine(error: string): string {
	const lines = error.split('\n').filter(line => line.trim() !== '');
	return lines.find(line => !line.startsWith('# ')) ?? lines[0] ?? '';
}
