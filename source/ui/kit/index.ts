/**
 * The wizard's UI kit: written once, used by every step, panel and prompt.
 *
 * Keys:      useKeys (split keys, one at a time, in order; {text: true} for text fields), splitKeys/keyFor (pure)
 * Bindings:  KeyBinding[] as data -> useKeyBindings (handler) + hintLine/KeyHints (footer), labels from the theme
 * State:     useSyncReducer (reducer whose latest state key handlers can read between keys of one read)
 * Long work: useTask(id, task, input, dispatch) runs a core Task from state; TaskMessage goes into the reducer
 * Pieces:    Confirmation (y/N), BusyLine (spinner, then how long and what for), FailedBlock, ProgressBar/progressLine,
 *            SelectList (+ moveSelection, selectWindow, selectRoom: items with rows under the label), TableRow (+ fitCell), TextField (+ editText)
 * Layout:    Viewport (content at its natural height, clipped, "↓ N more" row, PgUp/PgDn): around every step view
 *
 * The shell's first screen (app, panels, onboarding) imports kit files directly instead: this index pulls in every
 * piece, BusyLine's ink-spinner (31 KB of spinners) too, before the first frame. Step views load later and use it.
 */
export {keyFor, splitKeys, type KeyPress} from './keys.js';
export {useKeys, type KeyHandler, type UseKeysOptions} from './use-keys.js';
export {hintLine, hints, keyLabel, matchBinding, matchesKey, type KeyBinding, type KeyName} from './bindings.js';
export {useKeyBindings} from './use-key-bindings.js';
export {useSyncReducer} from './use-sync-reducer.js';
export {KeyHints, keyHintRows} from './key-hints.js';
export {Confirmation, confirmationBindings} from './confirmation.js';
export {BusyLine} from './busy-line.js';
export {FailedBlock} from './failed-block.js';
export {StepTitle} from './step-title.js';
export {progressLine, type ProgressInput} from './progress.js';
export {ProgressBar} from './progress-bar.js';
export {moveSelection, selectWindow} from './select.js';
export {SelectList, selectRoom, type SelectItem, type SelectRow} from './select-list.js';
export {fitCell, TableRow, type Column} from './table-row.js';
export {editText, type TextState} from './text-edit.js';
export {TextField} from './text-field.js';
export {useTask, type TaskMessage, type UseTaskOptions} from './use-task.js';
export {cut, verbatim, wrapped, wrapParts, type Line, type Part} from './lines.js';
export {WrappedText} from './wrapped-text.js';
export {moreLine, useFollowEnd, Viewport} from './viewport.js';
export {useOnRevision} from './use-revision.js';
