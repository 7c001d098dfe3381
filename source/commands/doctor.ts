import {CHECK_PROVIDERS} from '../core/check-providers.js';
import {runDoctor} from '../core/doctor.js';
import {TEAM_GO_CHECK_IDS} from '../core/profile/doctor-check.js';
import {wrap} from '../text/wrap.js';
import {GOTUNE_VERSION} from '../version.js';
import {DOCTOR_GROUPS, summaryLines} from './doctor-summary.js';
import {formatChecks, paint, styleFor, writeLine} from './output.js';
import type {CommandContext} from './context.js';

export async function run({runtime, flags, stdout}: CommandContext): Promise<number> {
	const {report} = await runDoctor(runtime, GOTUNE_VERSION, CHECK_PROVIDERS);
	// --strict holds the team to its profile: a go older than go.minVersion (or not go.toolchain) is an error there.
	if (flags['strict'])
		for (const check of report.checks)
			if (check.status === 'warn' && (TEAM_GO_CHECK_IDS as readonly string[]).includes(check.id)) check.status = 'error';
	const errors = report.checks.filter(c => c.status === 'error').length;
	const warnings = report.checks.filter(c => c.status === 'warn').length;
	if (flags['json']) {
		writeLine(stdout, JSON.stringify(report, null, 2));
	} else {
		const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
		const title = report.go
			? `gotune doctor ${style.ascii ? '-' : '·'} ${report.go.version ?? 'go ?'} at ${report.go.path}`
			: 'gotune doctor';
		// A go found in the module cache has a path longer than a terminal line: wrapped like every other line.
		for (const line of wrap(title, style.width, '  ')) writeLine(stdout, paint(style, 'bold', line));
		if (runtime.sandbox) for (const line of wrap(`SANDBOX ${runtime.sandbox}`, style.width, '  ')) writeLine(stdout, line);
		writeLine(stdout);
		for (const line of summaryLines(report, style)) writeLine(stdout, line);
		for (const group of DOCTOR_GROUPS) {
			const checks = report.checks.filter(c => c.group === group);
			if (checks.length === 0) continue;
			writeLine(stdout, `\n${group[0]!.toUpperCase()}${group.slice(1)}`);
			writeLine(stdout, formatChecks(checks, style));
		}
		writeLine(stdout, `\n${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
	}
	if (errors > 0) return 1;
	return flags['strict'] && warnings > 0 ? 1 : 0;
}
