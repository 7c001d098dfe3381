import {useInput} from 'ink';
import {useState} from 'react';
import {clampOffset} from '../components/scroll-view.js';

/** ↑/↓ by a row, PgUp/PgDn by a page, Home/End to the ends; clamped so the view never scrolls into emptiness. */
export function useScroll(total: number, height: number, isActive: boolean): number {
	const [offset, setOffset] = useState(0);
	useInput((_input, key) => {
		const page = Math.max(1, height - 2);
		const move = key.upArrow ? -1 : key.downArrow ? 1 : key.pageUp ? -page : key.pageDown ? page : key.home ? -total : key.end ? total : 0;
		if (move === 0) return;
		setOffset(current => clampOffset(clampOffset(current, total, height) + move, total, height));
	}, {isActive});
	return clampOffset(offset, total, height);
}
