/**
 * The journal: the only writer of the user's Go settings (GOENV file) and of files gotune's steps create.
 *
 *   const journal = openJournal(runtime);
 *
 *   // Values gotune writes itself (GOENV keys). Validated by go (go env -w on a temp copy, then go version with the
 *   // candidate file); refused values throw JournalRefusal (show .message, exit 2); nothing written then.
 *   const plan = await journal.plan([{key: 'GOPROXY', value: 'https://proxy.example,direct'}]);   // before/after per key
 *   const set = await journal.apply([{key: 'GOPROXY', value: '...'}], 'wizard:proxy');          // undefined: nothing changed
 *
 *   // Changes an external program makes (the Module step's go mod init): before state recorded durably, RUN runs under
 *   // the journal lock (do not call the journal inside it), after state captured. Undo removes a created file only if
 *   // its contents are unchanged since (otherwise: conflict). If RUN throws, the error is rethrown after recording.
 *   const {result, changeSet} = await journal.applyExternal({kind: 'file', path: '/abs/dir/go.mod'}, 'wizard:module',
 *     () => go.run(['mod', 'init', modulePath], {cwd: dir}));   // changeSet undefined when the file did not change
 *
 *   await journal.changeSets(); await journal.entries(); await journal.interrupted();        // newest first
 *   await journal.planRollback({kind: 'last'});  await journal.rollback({kind: 'all'}, {force: false});
 *   await journal.finish(id);  const stop = journal.watch(() => reload());
 *
 *   // A change set of several kinds of target (ChangeStep in contract.ts), applied in order, undone in reverse as one
 *   // unit; a failing step or an aborted signal undoes the steps before it and rethrows. Progress as StepProgress.
 *   const set = await journal.applySteps([
 *     {kind: 'move-dir', from: oldCache, to: newCache, copy: fastCopier},     // rename, or copy + verify + delete
 *     {kind: 'goenv', key: 'GOMODCACHE', value: newCache},                    // value null removes the key
 *     {kind: 'startup-block', path: '/home/ana/.bashrc', marker: 'go-path', lines: ['export PATH=...']},
 *     {kind: 'set-aside', path: '/usr/local/go'}, {kind: 'put-dir', staged: '/usr/local/.go-new', to: '/usr/local/go'},
 *   ], 'wizard:cache', {emit: progress => ..., signal});
 *   startupBlockLines('go-path', lines);   // the exact block text, to show before asking
 *   copyTree;                              // the journal's plain DirectoryCopier (modes kept, verified)
 *
 * Errors: JournalRefusal (invalid input, nothing written: exit 2), JournalFailure (lock busy, no go: exit 1).
 */
export * from './contract.js';
export {openJournal} from './journal.js';
export {JournalFailure, JournalRefusal} from './errors.js';
export {REFUSED_KEYS} from './validate.js';
export {journalChecks} from './doctor-check.js';
export {startupBlockLines, startupBlockText} from './startup-block.js';
export {describeChange, describeUndo, tildePath} from './describe.js';
export {copyTree} from './tree.js';
