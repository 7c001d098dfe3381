import {worst, type Check} from '../core/checks.js';
import type {DoctorReport} from '../core/doctor.js';
import {statusMark} from '../text/marks.js';
import {paint, type Style} from './output.js';

/** Doctor's check groups in the order the summary and the sections show them. */
export const DOCTOR_GROUPS = ['toolchain', 'environment', 'module', 'journal', 'tools'] as const;

const TITLES: Record<Check['group'], string> = {
	toolchain: 'Toolchain',
	environment: 'Environment',
	module: 'Module',
	journal: 'Journal',
	tools: 'Tools',
};

/**
 * One line per group at the top of `gotune doctor`, flutter-doctor style: `[✓] Toolchain: go1.26.8`,
 * `[!] Tools: gopls missing, dlv missing`. Problems are named (errors first); a group without problems says what is
 * there. Each line is cut to the terminal's width: the sections below hold the whole story.
 */
export function summaryLines(report: DoctorReport, style: Style): string[] {
	const lines: string[] = [];
	for (const group of DOCTOR_GROUPS) {
		const checks = report.checks.filter(c => c.group === group);
		if (checks.length === 0) continue;
		const status = worst(checks);
		const mark = style.ascii ? statusMark(status, true) : `[${statusMark(status, false)}]`;
		const text = `${TITLES[group]}: ${summaryText(group, checks, report)}`;
		const room = style.width - mark.length - 1;
		const ellipsis = style.ascii ? '...' : '…';
		const cut = text.length > room ? `${text.slice(0, Math.max(0, room - ellipsis.length))}${ellipsis}` : text;
		const tone = {ok: 'green', warn: 'yellow', error: 'red'} as const;
		lines.push(`${paint(style, tone[status], mark)} ${cut}`);
	}
	return lines;
}

function summaryText(group: Check['group'], checks: Check[], report: DoctorReport): string {
	const problems = [...checks.filter(c => c.status === 'error'), ...checks.filter(c => c.status === 'warn')];
	const words = (c: Check) => c.summary ?? c.message;
	if (problems.length > 0) {
		// Groups whose checks carry short words list them all; a long message stands alone with a count of the rest.
		if (problems.every(c => c.summary !== undefined)) return problems.map(words).join(', ');
		return `${words(problems[0]!)}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}`;
	}
	if (group === 'toolchain' && report.go?.version) return report.go.version;
	if (checks.every(c => c.summary !== undefined)) return checks.map(words).join(', ');
	return `${checks.length} check${checks.length === 1 ? '' : 's'} passed`;
}
