import {describe, expect, it} from 'vitest';
import {FIX_SERVES} from '../../source/core/access/fixes.js';
import {keyFor} from '../../source/ui/kit/keys.js';
import {withKeys} from '../../source/ui/kit/use-step.js';
import {accessFixModel, initialAccessFixState, type AccessFixState} from '../../source/ui/onboarding/access-fix-model.js';

const reduce = withKeys(accessFixModel);
const ENV = {GOPRIVATE: 'git.acme.example'};
const SECRET = 'pw-unit-4f2a';

function press(state: AccessFixState, chars: string): AccessFixState {
	return [...chars].reduce((s, char) => reduce(s, {type: 'key', ...keyFor(char)}), state);
}

/** One failing host, its netrc fix previewed: the user name field is up. */
function asking(needsSecret = true): AccessFixState {
	const start = initialAccessFixState(ENV, ['git.acme.example']);
	expect(accessFixModel.effects(start)).toMatchObject({preview: {env: ENV, host: 'git.acme.example'}, stage: undefined});
	const preview = {
		offered: true as const,
		host: 'git.acme.example',
		kind: 'netrc' as const,
		serves: FIX_SERVES.netrc,
		shown: [],
		warnings: [],
		needsSecret,
	};
	return reduce(start, {type: 'task-done', task: 'preview', result: preview});
}

describe('access fix model', () => {
	it('user name, Enter, password, Enter in one read: the stage task gets both; once staged the password is nowhere in the state', () => {
		const typed = press(asking(), `ana\r${SECRET}\r`);
		expect(typed.screen.kind).toBe('staging');
		expect(accessFixModel.effects(typed).stage).toEqual({env: ENV, host: 'git.acme.example', kind: 'netrc', user: 'ana', password: SECRET});
		const staged = {
			token: 'fix-1',
			host: 'git.acme.example',
			kind: 'netrc' as const,
			serves: '',
			shown: ['machine git.acme.example login ana password ********'],
			warnings: [],
		};
		const confirm = reduce(typed, {type: 'task-done', task: 'stage', result: staged});
		expect(confirm.screen.kind).toBe('confirm');
		expect(JSON.stringify(confirm)).not.toContain(SECRET);
		// A failed plan drops it too.
		expect(JSON.stringify(reduce(typed, {type: 'task-failed', task: 'stage', message: 'boom'}))).not.toContain(SECRET);
		// y/N: Enter is No (the staged fix is forgotten), y applies the token.
		const declined = press(confirm, '\r');
		expect(accessFixModel.effects(declined)).toMatchObject({forget: 'fix-1', apply: undefined});
		expect(accessFixModel.effects(press(confirm, 'y'))).toMatchObject({apply: 'fix-1'});
	});

	it('a password a .netrc entry cannot carry is refused without quoting it, and the field is emptied', () => {
		const refused = press(asking(), 'ana\rtwo words\r');
		expect(refused.screen).toMatchObject({kind: 'password', password: {value: ''}, problem: expect.stringMatching(/white space/)});
		expect(JSON.stringify(refused)).not.toContain('two words');
		expect(press(asking(), 'a b\r').screen).toMatchObject({kind: 'user', problem: expect.stringMatching(/without spaces/)});
	});

	it('a fix without a secret (GOAUTH, insteadOf) is staged at once; Esc while typing closes with nothing staged', () => {
		expect(asking(false).screen.kind).toBe('staging');
		const closed = reduce(press(asking(), 'an'), {type: 'close'});
		expect(accessFixModel.next?.(closed)).toBe(true);
		expect(accessFixModel.effects(closed)).toMatchObject({stage: undefined, apply: undefined});
		expect(accessFixModel.captures?.(asking())).toBe(true);
		expect(accessFixModel.typing?.(asking())).toBe(true);
	});
});
