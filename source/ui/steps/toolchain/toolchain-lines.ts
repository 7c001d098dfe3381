import type {Check} from '../../../core/checks.js';
import type {Provenance} from '../../../core/provenance.js';
import type {ToolchainFindings} from '../../../core/steps/toolchain.js';
import {toolChecks} from '../../../core/tools/doctor-check.js';
import type {ToolsReport} from '../../../core/tools/inspect.js';
import type {FoundGo} from '../../../core/toolchain.js';
import type {Line, Part} from '../../components/scroll-view.js';
import {wrapped} from '../../kit/lines.js';
import {STATUS_COLOR, type Theme} from '../../theme.js';

const SOURCE_LABEL: Record<string, string> = {
	process: 'OS environment',
	goenv: 'GOENV file',
	goroot: '$GOROOT/go.env',
	telemetry: 'go telemetry',
	default: 'default',
};

const GROUPS: Array<{group: Check['group']; title: string}> = [
	{group: 'toolchain', title: 'Toolchain checks'},
	{group: 'environment', title: 'Environment checks'},
];

/** The Toolchain step's content as pre-wrapped rows: discovery, checks by group with fixes, then provenance. */
export function toolchainLines(findings: ToolchainFindings, width: number, theme: Theme): Line[] {
	const lines: Line[] = [];
	lines.push(...summary(findings, width, theme), []);
	// Problems first, errors before warnings: the summary counts them, so they are on the first screen, whatever
	// the length of the paths above them would push down (a long GOROOT wraps over several rows at 80 columns).
	const problems = [...findings.checks.filter(c => c.status === 'error'), ...findings.checks.filter(c => c.status === 'warn')];
	if (problems.length > 0) {
		lines.push(heading('Needs attention'));
		for (const check of problems) lines.push(...checkLines(check, width, theme));
		lines.push([]);
	}
	lines.push(heading('Go commands found'), ...discoveryLines(findings, width, theme), []);
	for (const {group, title} of GROUPS) {
		const checks = findings.checks.filter(check => check.group === group && !problems.includes(check));
		if (checks.length === 0) continue;
		lines.push(heading(title));
		for (const check of checks) lines.push(...checkLines(check, width, theme));
		lines.push([]);
	}
	if (findings.tools) lines.push(...toolsLines(findings.tools, width, theme), []);
	if (findings.snapshot && !findings.snapshot.error) lines.push(...provenanceLines(findings, width, theme));
	while (lines.length > 0 && lines.at(-1)!.length === 0) lines.pop();
	return lines;
}

function heading(text: string): Line {
	return [{text, bold: true}];
}

function summary(findings: ToolchainFindings, width: number, theme: Theme): Line[] {
	const errors = findings.checks.filter(c => c.status === 'error').length;
	const warnings = findings.checks.filter(c => c.status === 'warn').length;
	const status = errors > 0 ? 'error' : warnings > 0 ? 'warn' : 'ok';
	const winner = findings.discovery.winner;
	const what = winner ? `${winner.version?.raw ?? 'go of unknown version'} at ${winner.path}` : 'No go command to run';
	const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
	const mark = {text: `${theme.status[status]} `, color: STATUS_COLOR[status], bold: true};
	return wrapped([mark], `${what}${theme.separator}${counts}`, width, mark.text.length, {bold: true});
}

function discoveryLines({discovery, support}: ToolchainFindings, width: number, theme: Theme): Line[] {
	if (discovery.all.length === 0) return [[{text: 'none on PATH or in the usual install places', dim: true}]];
	const lines: Line[] = [];
	for (const go of discovery.all) {
		const wins = go === discovery.winner;
		const marker = {text: wins ? `${theme.pointer} ` : '  ', color: wins ? 'cyan' : undefined};
		lines.push(...wrapped([marker], `${go.path}  ${versionText(go)}  ${role(go, discovery.winner)}`, width, 2, wins ? {bold: true} : {}));
		if (go.aliases.length > 0)
			lines.push(...wrapped([], `also reached as ${go.aliases.join(', ')}`, width, 4, {dim: true}).map(indentFirst(4)));
	}
	if (support) {
		const majors = support.supportedMajors.map(m => `go${m}`).join(' and ') || 'unknown';
		const origin = {feed: 'read from go.dev', proxy: "read from the module proxy's toolchain list", bundled: 'bundled with gotune'}[
			support.table.origin
		];
		lines.push(
			...wrapped([], `Supported: ${majors} (release table of ${support.table.asOf}, ${origin})`, width, 2, {dim: true}).map(indentFirst(2)),
		);
	}
	return lines;
}

function indentFirst(indent: number) {
	return (line: Line, index: number): Line => (index === 0 ? [{text: ' '.repeat(indent)}, ...line] : line);
}

function versionText(go: FoundGo): string {
	return go.version?.raw ?? `version unknown (${go.versionError ?? 'no output'})`;
}

function role(go: FoundGo, winner: FoundGo | undefined): string {
	if (go === winner) return 'runs when you type go';
	if (go.onPath) return `on PATH, hidden by ${winner?.path ?? 'the first go'}`;
	return `not on PATH (${go.origin})`;
}

function checkLines(check: Check, width: number, theme: Theme): Line[] {
	const mark = theme.status[check.status];
	const lines = wrapped([{text: `${mark} `, color: STATUS_COLOR[check.status], bold: true}], check.message, width, mark.length + 1);
	if (check.fix && check.status !== 'ok') {
		for (const fix of check.fix.split('\n'))
			lines.push(...wrapped([], fix, width, mark.length + 3, {color: 'cyan'}).map(indentFirst(mark.length + 3)));
	}
	return lines;
}

/** Read-only: gopls, dlv, staticcheck as gotune tools reports them (installing them is `gotune tools --install`). */
function toolsLines(report: ToolsReport, width: number, theme: Theme): Line[] {
	const lines: Line[] = [heading('Tools')];
	for (const check of toolChecks(report)) lines.push(...checkLines(check, width, theme));
	if (report.toolsDir)
		lines.push(
			...wrapped([], `go install writes to ${report.toolsDir.from} ${report.toolsDir.dir}`, width, 2, {dim: true}).map(indentFirst(2)),
		);
	return lines;
}

function provenanceLines({snapshot}: ToolchainFindings, width: number, theme: Theme): Line[] {
	const lines: Line[] = [heading('Where each setting comes from')];
	const location = snapshot!.goenvLocation;
	const file =
		location.kind === 'file'
			? `${location.path}${snapshot!.goenvFileExists ? '' : ' (does not exist yet)'}`
			: location.kind === 'off'
				? 'off (go reads no file)'
				: 'unknown (no HOME or XDG_CONFIG_HOME)';
	lines.push(...wrapped([{text: 'GOENV file: ', dim: true}], file, width, 12));
	// The tracked keys always, any other key go knows only where the user set it (GOAUTH in the GOENV file, CC...).
	const shown = Object.values(snapshot!.provenance).filter(p => p.listed !== false);
	const keyWidth = Math.max(...shown.map(p => p.key.length)) + 2;
	for (const p of shown) lines.push(...provenanceRow(p, keyWidth, width, theme));
	return lines;
}

function provenanceRow(p: Provenance, keyWidth: number, width: number, theme: Theme): Line[] {
	const flagged = p.shadowedFileValue !== undefined || p.emptyFileEntry === true;
	const key: Part = {text: p.key.padEnd(keyWidth), color: flagged ? STATUS_COLOR.warn : undefined, bold: flagged};
	if (!p.known) return [[key, {text: 'not known to this go version', dim: true}]];
	const value = p.value === '' ? '(empty)' : p.value;
	const lines = wrapped([key], `${value}  [${SOURCE_LABEL[p.source] ?? p.source}]`, width, keyWidth);
	if (p.shadowedFileValue !== undefined) {
		lines.push(
			...wrapped([], `${theme.status.warn} hides the GOENV file's ${p.shadowedFileValue}`, width, keyWidth, {color: STATUS_COLOR.warn}).map(
				indentFirst(keyWidth),
			),
		);
	}
	return lines;
}
