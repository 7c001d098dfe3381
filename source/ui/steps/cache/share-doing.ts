import type {ShareEvent} from '../../../core/cache/share/index.js';

/**
 * What setting up the shared build cache is doing, for a busy line: the Cache step's share sub-screen and the
 * onboarding (a team profile's buildCache). Types only: the onboarding is the first screen and imports no step code.
 */
export function shareDoing(event: ShareEvent): string {
	switch (event.kind) {
		case 'install':
			return `${event.query} (through your GOPROXY)`;
		case 'journal':
			return 'writing the client into GOBIN and GOCACHEPROG into the GOENV file (one change set)';
		case 'check':
			return 'checking the installed client (go version -m)';
	}
}
