import {Box, measureElement, Text, type DOMElement} from 'ink';
import {createContext, useContext, useEffect, useRef, useState, type ReactNode} from 'react';
import type {Theme} from '../theme.js';
import {useKeys} from './use-keys.js';

const MEASURE_EVERY_MS = 100;
/** An offset past any content: clamped to the last page, so the window stays on the end as the content grows. */
const END = Number.MAX_SAFE_INTEGER;

const FollowEnd = createContext<(on: boolean) => void>(() => undefined);

/**
 * Asks the viewport around this view to keep its end on screen while ON (from the moment it turns on, until the person
 * scrolls up): for a phase whose question or outcome is the last thing the view draws, below a table that may fill
 * the box at 80×24. Turning it off goes back to the top.
 */
export function useFollowEnd(on: boolean) {
	const follow = useContext(FollowEnd);
	useEffect(() => follow(on), [follow, on]);
}

type Props = {
	/** Rows the viewport has; what the content needs beyond them scrolls. */
	height: number;
	width: number;
	theme: Theme;
	/** PgUp/PgDn scroll while this is on. */
	isActive: boolean;
	/**
	 * Which screen the content is (the step, the help overlay, the finish screen…): each keeps its own scroll position,
	 * so the help overlay opens at its top whatever the step was scrolled to, and closing it gives the step its own back.
	 */
	screen?: string;
	children: ReactNode;
};

const STEP_SCREEN = 'step';

/**
 * A window of `height` rows onto content of any height, which is laid out at its natural height (it never shrinks to
 * fit, so no text is drawn over another) and clipped. When the content is taller, the last row says how much is
 * above and below ("↑ 3 more  ↓ 12 more · PgUp/PgDn"), and PgUp/PgDn scroll. Used around every step's view, so a view
 * that needs more rows than the box has (Verify's results at 80×24) shows what is missing instead of overwriting the
 * border.
 */
export function Viewport({height, width, theme, isActive, screen = STEP_SCREEN, children}: Props) {
	const content = useRef<DOMElement>(null);
	const [total, setTotal] = useState(0);
	const [offsets, setOffsets] = useState<ReadonlyMap<string, number>>(() => new Map());
	const offset = offsets.get(screen) ?? 0;
	const [setOffsetOf] = useState(() => (of: string, next: number) => setOffsets(previous => new Map(previous).set(of, next)));
	const setOffset = (next: number) => setOffsetOf(screen, next);
	// The content's height is known only once Yoga has laid it out: measured after each render of the viewport, and
	// every 100 ms, because the step's own updates (results arriving) re-render the step, not the viewport. An
	// unchanged height changes no state, so nothing is redrawn.
	useEffect(() => {
		const measure = () => {
			if (!content.current) return;
			const measured = measureElement(content.current).height;
			setTotal(previous => (previous === measured ? previous : measured));
		};
		measure();
		const timer = setInterval(measure, MEASURE_EVERY_MS);
		return () => clearInterval(timer);
	});
	const follow = useRef(false);
	const [setFollow] = useState(() => (on: boolean) => {
		if (follow.current === on) return;
		follow.current = on;
		// Only the step's view asks to follow its end; it moves the step's window even while another screen is shown.
		setOffsetOf(STEP_SCREEN, on ? END : 0);
	});
	const rows = Math.max(1, height);
	const overflows = total > rows;
	const room = overflows ? rows - 1 : rows;
	const start = Math.max(0, Math.min(offset, total - room));
	const below = Math.max(0, total - start - room);
	const page = Math.max(1, room - 1);
	useKeys(
		(_input, key) => {
			if (key.pageDown) setOffset(start + page >= total - room ? (follow.current ? END : total - room) : start + page);
			else if (key.pageUp) setOffset(Math.max(0, start - page));
		},
		{isActive: isActive && overflows},
	);
	return (
		<Box flexDirection="column" height={rows} width={width} flexShrink={0} overflow="hidden">
			<Box flexDirection="column" height={room} flexShrink={0} overflow="hidden">
				<Box ref={content} flexDirection="column" flexShrink={0} marginTop={-start} width={width}>
					<FollowEnd.Provider value={setFollow}>{children}</FollowEnd.Provider>
				</Box>
			</Box>
			{overflows ? (
				<Text dimColor wrap="truncate-end">
					{moreLine(start, below, theme)}
				</Text>
			) : null}
		</Box>
	);
}

/** "↑ 3 more  ↓ 12 more · PgUp/PgDn scroll": what is off screen, and the keys that bring it in. */
export function moreLine(above: number, below: number, theme: Theme): string {
	const parts = [above > 0 ? `${theme.more.up} ${above} more` : '', below > 0 ? `${theme.more.down} ${below} more` : ''].filter(Boolean);
	return `${parts.join('  ')}${theme.separator}PgUp/PgDn scroll`;
}
