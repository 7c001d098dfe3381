import type {Check} from '../../../core/checks.js';
import type {TidyOutcome} from '../../../core/module/init-apply.js';
import type {PathVerdict} from '../../../core/module/validate-path.js';
import type {InitPlan} from '../../../core/steps/module.js';
import {verbatim, wrapped, type Line} from '../../kit/lines.js';
import type {ModuleSnapshot} from '../../services/module.js';
import {STATUS_COLOR, type Theme} from '../../theme.js';
import type {Created, ModulePhase} from './model.js';

/** A status mark, then the text wrapped under it; all rows fit `width`. */
function marked(status: Check['status'], text: string, width: number, theme: Theme, color: string = STATUS_COLOR[status]): Line[] {
	const mark = theme.status[status];
	return wrapped([{text: `${mark} `, color: STATUS_COLOR[status]}], text, width, mark.length + 1, {color});
}

function plain(text: string, width: number, style: {dim?: boolean; color?: string} = {}): Line[] {
	return wrapped([], text, width, 0, style);
}

export function checkLines(checks: Check[], width: number, theme: Theme): Line[] {
	return checks.flatMap(check => {
		const mark = theme.status[check.status];
		const lines = wrapped([{text: `${mark} `, color: STATUS_COLOR[check.status]}], check.message, width, mark.length + 1);
		if (check.fix && check.status !== 'ok') lines.push(...wrapped([{text: '  '}], check.fix, width, 2, {color: 'cyan'}));
		return lines;
	});
}

/** What the step says above its menu, field or question in each phase. */
export function infoLines(phase: ModulePhase, snapshot: ModuleSnapshot | undefined, width: number, theme: Theme): Line[] {
	switch (phase.kind) {
		case 'failed':
			return marked('error', phase.message, width, theme);
		case 'found':
			return checkLines(snapshot?.checks ?? [], width, theme);
		case 'menu':
			return [
				...checkLines(snapshot?.checks ?? [], width, theme),
				...(snapshot?.refusal ? marked('warn', `${snapshot.refusal.message} ${snapshot.refusal.fix}`, width, theme) : []),
			];
		case 'edit':
			return snapshot?.nesting ? marked('warn', `Nested module: ${snapshot.nesting.explanation}`, width, theme) : [];
		case 'confirm':
			return planLines(phase.plan, width, theme);
		case 'created':
			return createdLines(phase.outcome, phase.tidy, width, theme);
		case 'demo':
			return plain(`The Verify step will build gotune's demo module at ${phase.dir}.`, width);
		default:
			return [];
	}
}

/** Under the field: gotune's verdict, recomputed on every key (go confirms it when Enter asks). */
export function verdictLines(
	verdict: PathVerdict,
	goRefusal: string | undefined,
	hint: string | undefined,
	width: number,
	theme: Theme,
): Line[] {
	const lines: Line[] = [];
	if (hint) lines.push(...plain(hint, width, {dim: true}).slice(0, 1));
	if (verdict.accepted) lines.push(...marked('ok', 'go mod init accepts this path', width, theme));
	else {
		lines.push(...marked('error', verdict.explanation, width, theme));
		lines.push(...plain(`go says: ${verdict.goMessage.split('\n')[0] ?? ''}`, width, {dim: true}));
		if (verdict.suggestion) lines.push(...plain(`Try: ${verdict.suggestion}`, width));
	}
	for (const warning of verdict.warnings) lines.push(...marked('warn', warning.message, width, theme));
	if (goRefusal) lines.push(...plain(goRefusal, width, {color: STATUS_COLOR.error}));
	return lines;
}

function planLines(plan: InitPlan, width: number, theme: Theme): Line[] {
	return [
		...marked('ok', `go accepts ${plan.modulePath}`, width, theme),
		...(plan.nesting ? marked('warn', `Nested module: ${plan.nesting.explanation}`, width, theme) : []),
		...plan.final.verdict.warnings.flatMap(w => marked('warn', w.message, width, theme)),
		...(plan.workspaceNote ? plain(plan.workspaceNote, width) : []),
	];
}

/** The y/N question for a plan go has accepted. */
export function confirmQuestion(plan: InitPlan): string {
	return `Create ${plan.goModFile} with ${plan.command.join(' ')}? It is recorded in gotune's journal and can be undone.`;
}

function createdLines(outcome: Created, tidy: TidyOutcome | undefined, width: number, theme: Theme): Line[] {
	const text = tidy?.kind === 'done' ? tidy.goModText : outcome.goModText;
	// What happened first, the file after: at 80x24 a go.mod with a require block fills the box, and the outcome of
	// the last action (tidy's downloads, or its error) must not be the part below the fold.
	const lines: Line[] = [
		...marked(
			'ok',
			`Created ${outcome.goModFile}${outcome.changeSet ? ` (journal change set #${outcome.changeSet.id})` : ''}`,
			width,
			theme,
		),
	];
	if (tidy?.kind === 'done') {
		const downloads = tidy.downloads.length > 0 ? `downloaded ${tidy.downloads.join(', ')}` : 'nothing to download';
		lines.push(
			...marked(
				'ok',
				`go mod tidy: ${downloads}${tidy.goSumCreated ? ', go.sum created' : ''}${tidy.offline ? ' (offline: nothing needed the network)' : ''}`,
				width,
				theme,
			),
		);
	} else if (tidy) {
		lines.push(...marked(tidy.kind === 'offline' ? 'warn' : 'error', tidy.message, width, theme));
		lines.push(...plain(`go says: ${tidy.goMessage}`, width, {dim: true}));
	}
	lines.push(
		[],
		...plain('go.mod now:', width, {dim: true}),
		// go.mod indents require blocks with tabs; a terminal's tab stops would break the box borders.
		...text
			.trimEnd()
			.split('\n')
			.flatMap(line => verbatim(line.replaceAll('\t', '    '), width, 2)),
	);
	return lines;
}

/** What is being done in a busy phase. */
export function busyText(phase: ModulePhase): string | undefined {
	switch (phase.kind) {
		case 'loading':
			return 'Looking for go.mod and go.work';
		case 'planning':
			return `Asking go: go mod init ${phase.modulePath} (in a scratch directory)`;
		case 'creating':
			return `Running go mod init ${phase.plan.modulePath}`;
		case 'tidying':
			return 'Running go mod tidy with your proxy settings';
		default:
			return undefined;
	}
}
