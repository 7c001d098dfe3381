import type {Theme} from '../theme.js';
import {WrappedText} from './wrapped-text.js';

/**
 * A step's first line: its name and what it is about, like every step shows ("Module · go.mod, go.work and …").
 * Wrapped at WIDTH, not cut: the step's viewport gives it the rows it needs (at 60 columns "…and what checks them"
 * was lost); by gotune's wrap, so no row starts with the space it broke at.
 */
export function StepTitle({name, about, theme, width}: {name: string; about: string; theme: Theme; width: number}) {
	return <WrappedText text={`${name}${theme.separator}${about}`} bold width={width} />;
}
