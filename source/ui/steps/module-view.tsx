import {Box, Text, useInput} from 'ink';
import Spinner from 'ink-spinner';
import {useEffect, useMemo, useState} from 'react';
import type {InitOutcome, TidyOutcome} from '../../core/module/init-apply.js';
import type {InitPlan} from '../../core/steps/module.js';
import type {ModuleSnapshot} from '../services/module.js';
import {STATUS_COLOR} from '../theme.js';
import {ModulePathField} from './module-path-field.js';
import type {StepViewProps} from './types.js';

type Phase =
	| {kind: 'loading'}
	| {kind: 'failed'; message: string}
	| {kind: 'found'}
	| {kind: 'menu'}
	| {kind: 'edit'; goRefusal?: string}
	| {kind: 'busy'; what: string}
	| {kind: 'confirm'; plan: InitPlan}
	| {kind: 'created'; outcome: Extract<InitOutcome, {ok: true}>; tidy?: TidyOutcome}
	| {kind: 'demo'; dir: string};

type Choice = {id: 'create' | 'demo' | 'skip' | 'use'; label: string};

/** Module step: what module is here and whether this go can build it; else create one (validated live) or use the demo. */
export function ModuleStep({services, theme, isActive, width, height, onNext, setPending, captureKeys}: StepViewProps) {
	const module = services.module;
	const [snapshot, setSnapshot] = useState<ModuleSnapshot>();
	const [phase, setPhase] = useState<Phase>({kind: 'loading'});
	const [value, setValue] = useState('');
	const [cursor, setCursor] = useState(0);

	useEffect(() => {
		if (!module) return;
		let live = true;
		module.check().then(
			s => {
				if (!live) return;
				setSnapshot(s);
				setValue(s.suggestion?.path ?? '');
				// Inside another module's tree there is a module already, but a nested one may be wanted: ask.
				setPhase(s.hasModule && !s.nesting ? {kind: 'found'} : {kind: 'menu'});
			},
			(error: unknown) => live && setPhase({kind: 'failed', message: error instanceof Error ? error.message : String(error)}),
		);
		return () => {
			live = false;
		};
	}, [module]);

	// The text field owns q, Esc and Tab while the user types or confirms.
	const typing = phase.kind === 'edit' || phase.kind === 'confirm';
	useEffect(() => {
		captureKeys(typing && isActive);
	}, [typing, isActive, captureKeys]);
	useEffect(() => () => captureKeys(false), [captureKeys]);

	const choices = useMemo<Choice[]>(() => [
		...(snapshot?.nesting ? [{id: 'use' as const, label: `Work in module ${snapshot.nesting.parentModule} (nothing to create)`}] : []),
		...(snapshot?.refusal ? [] : [{id: 'create' as const, label: snapshot?.nesting ? `Create a separate, nested module in ${snapshot.dir}` : `Create go.mod in ${snapshot?.dir ?? '.'} (go mod init)`}]),
		...(snapshot?.demoDir ? [{id: 'demo' as const, label: 'Use gotune\'s demo module (loglens) for the Verify step'}] : []),
		{id: 'skip', label: 'Continue without a module'},
	], [snapshot]);
	const verdict = useMemo(() => module?.validate(value, snapshot?.tags ?? []), [module, value, snapshot]);

	const submit = (modulePath: string) => {
		if (!module || !verdict?.accepted) return;
		setPhase({kind: 'busy', what: `Asking go: go mod init ${modulePath} (in a scratch directory)`});
		module.plan(modulePath).then(plan => {
			if (plan.blocked) return setPhase({kind: 'edit', goRefusal: plan.blocked.message});
			setPending([{target: 'go.mod', summary: `go mod init ${modulePath} in ${plan.dir}`}]);
			setPhase({kind: 'confirm', plan});
		}, (error: unknown) => setPhase({kind: 'edit', goRefusal: String(error)}));
	};

	const create = (plan: InitPlan) => {
		if (!module) return;
		setPhase({kind: 'busy', what: `Running go mod init ${plan.modulePath}`});
		module.create(plan.modulePath, plan.nesting !== undefined).then(outcome => {
			setPending([]);
			setPhase(outcome.ok ? {kind: 'created', outcome} : {kind: 'edit', goRefusal: outcome.goMessage});
		}, (error: unknown) => setPhase({kind: 'failed', message: error instanceof Error ? error.message : String(error)}));
	};

	const tidy = (outcome: Extract<InitOutcome, {ok: true}>) => {
		if (!module) return;
		setPhase({kind: 'busy', what: 'Running go mod tidy with your proxy settings'});
		module.tidy().then(result => setPhase({kind: 'created', outcome, tidy: result}), (error: unknown) => setPhase({kind: 'failed', message: String(error)}));
	};

	useInput((input, key) => {
		switch (phase.kind) {
			case 'menu': {
				if (key.upArrow) setCursor(c => Math.max(0, c - 1));
				else if (key.downArrow) setCursor(c => Math.min(choices.length - 1, c + 1));
				else if (key.return) {
					const choice = choices[Math.min(cursor, choices.length - 1)]!;
					if (choice.id === 'create') setPhase({kind: 'edit'});
					else if (choice.id === 'demo' && snapshot?.demoDir) {
						module?.choose({kind: 'demo', dir: snapshot.demoDir});
						setPhase({kind: 'demo', dir: snapshot.demoDir});
					} else onNext(); // 'use' and 'skip'
				}
				return;
			}
			case 'edit':
				if (key.escape) setPhase({kind: 'menu'});
				return;
			case 'confirm':
				if (input === 'y' || input === 'Y') create(phase.plan);
				else if (input === 'n' || input === 'N' || key.escape) {
					setPending([]);
					setPhase({kind: 'edit'});
				}
				return;
			case 'created':
				if ((input === 't' || input === 'T') && phase.tidy === undefined) tidy(phase.outcome);
				else if (key.return) onNext();
				return;
			case 'found':
			case 'demo':
			case 'failed':
				if (key.return) onNext();
				return;
			default:
				return;
		}
	}, {isActive: isActive && module !== undefined});
	// Without module services (view fixtures that leave them out) the step still lets the user move on.
	useInput((_input, key) => {
		if (key.return) onNext();
	}, {isActive: isActive && module === undefined});

	const title = <Text bold wrap="truncate-end">Module{theme.separator}go.mod, go.work and the module path</Text>;
	if (!module) {
		return (
			<Box flexDirection="column">
				{title}
				<Text>The Module step's services are not available here. Enter goes on.</Text>
			</Box>
		);
	}
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{title}
			{phase.kind === 'loading' ? <Busy theme={theme} what="Looking for go.mod and go.work" /> : null}
			{phase.kind === 'busy' ? <Busy theme={theme} what={phase.what} /> : null}
			{phase.kind === 'failed' ? <Text color={STATUS_COLOR.error} wrap="wrap">{theme.status.error} {phase.message}</Text> : null}
			{snapshot && (phase.kind === 'found' || phase.kind === 'menu') ? snapshot.checks.map((c, i) => (
				<Text key={`${c.id}${i}`} wrap="wrap">
					<Text color={STATUS_COLOR[c.status]}>{theme.status[c.status]}</Text> {c.message}{c.fix && c.status !== 'ok' ? `\n  ${c.fix}` : ''}
				</Text>
			)) : null}
			{phase.kind === 'menu' && snapshot?.refusal ? (
				<Text color={STATUS_COLOR.warn} wrap="wrap">{theme.status.warn} {snapshot.refusal.message} {snapshot.refusal.fix}</Text>
			) : null}
			{phase.kind === 'menu' ? choices.map((c, i) => (
				<Text key={c.id} color={i === cursor ? 'cyan' : undefined}>{i === cursor ? theme.pointer : ' '} {c.label}</Text>
			)) : null}
			{(phase.kind === 'edit') && snapshot?.nesting ? <Text color={STATUS_COLOR.warn} wrap="wrap">{theme.status.warn} Nested module: {snapshot.nesting.explanation}</Text> : null}
			{phase.kind === 'edit' && verdict ? (
				<ModulePathField value={value} onChange={setValue} onSubmit={submit} verdict={verdict} theme={theme} focus={isActive}
					hint={snapshot?.suggestion ? `Suggested ${snapshot.suggestion.detail}` : undefined} />
			) : null}
			{phase.kind === 'edit' && phase.goRefusal ? <Text color={STATUS_COLOR.error} wrap="wrap">{phase.goRefusal}</Text> : null}
			{phase.kind === 'confirm' ? <Confirm plan={phase.plan} theme={theme} /> : null}
			{phase.kind === 'created' ? <Created outcome={phase.outcome} tidy={phase.tidy} theme={theme} /> : null}
			{phase.kind === 'demo' ? <Text wrap="wrap">The Verify step will build gotune's demo module at {phase.dir}.</Text> : null}
			<Text dimColor wrap="truncate-end">{hintFor(phase)}</Text>
		</Box>
	);
}

function Busy({what, theme}: {what: string; theme: StepViewProps['theme']}) {
	return <Text><Text color="cyan"><Spinner type={theme.spinner} /></Text> {what}{theme.ellipsis}</Text>;
}

function Confirm({plan, theme}: {plan: InitPlan; theme: StepViewProps['theme']}) {
	return (
		<Box flexDirection="column">
			<Text color={STATUS_COLOR.ok}>{theme.status.ok} go accepts {plan.modulePath}</Text>
			{plan.nesting ? <Text color={STATUS_COLOR.warn} wrap="wrap">{theme.status.warn} Nested module: {plan.nesting.explanation}</Text> : null}
			{plan.final.verdict.warnings.map(w => <Text key={w.id} color={STATUS_COLOR.warn} wrap="wrap">{theme.status.warn} {w.message}</Text>)}
			{plan.workspaceNote ? <Text wrap="wrap">{plan.workspaceNote}</Text> : null}
			<Text wrap="wrap">Create {plan.goModFile} with {plan.command.join(' ')}? It is recorded in gotune's journal and can be undone.</Text>
		</Box>
	);
}

function Created({outcome, tidy, theme}: {outcome: Extract<InitOutcome, {ok: true}>; tidy?: TidyOutcome; theme: StepViewProps['theme']}) {
	const text = tidy?.kind === 'done' ? tidy.goModText : outcome.goModText;
	return (
		<Box flexDirection="column">
			<Text color={STATUS_COLOR.ok}>{theme.status.ok} Created {outcome.goModFile}{outcome.changeSet ? ` (journal change set #${outcome.changeSet.id})` : ''}:</Text>
			{/* go.mod indents require blocks with tabs; a terminal's tab stops would break the panel borders. */}
			{text.trimEnd().split('\n').map((line, i) => <Text key={i}>  {line.replaceAll('\t', '    ')}</Text>)}
			{tidy?.kind === 'done' ? (
				<Text color={STATUS_COLOR.ok} wrap="wrap">
					{theme.status.ok} go mod tidy: {tidy.downloads.length > 0 ? `downloaded ${tidy.downloads.join(', ')}` : 'nothing to download'}{tidy.goSumCreated ? ', go.sum created' : ''}{tidy.offline ? ' (offline: nothing needed the network)' : ''}
				</Text>
			) : null}
			{tidy && tidy.kind !== 'done' ? (
				<Box flexDirection="column">
					<Text color={tidy.kind === 'offline' ? STATUS_COLOR.warn : STATUS_COLOR.error} wrap="wrap">{tidy.kind === 'offline' ? theme.status.warn : theme.status.error} {tidy.message}</Text>
					<Text dimColor wrap="wrap">go says: {tidy.goMessage}</Text>
				</Box>
			) : null}
		</Box>
	);
}

function hintFor(phase: Phase): string {
	switch (phase.kind) {
		case 'menu': return '↑/↓ choose · Enter select';
		case 'edit': return 'Type the module path · Enter check with go · Esc back';
		case 'confirm': return 'y create go.mod · n change the path';
		case 'created': return phase.tidy ? 'Enter: continue' : 't run go mod tidy · Enter continue';
		case 'found': case 'demo': case 'failed': return 'Enter: continue to the next step';
		default: return '';
	}
}
