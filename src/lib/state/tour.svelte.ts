/**
 * Whether the guided tour is open, shared through context: the header's Tour button opens it,
 * the tour host shows it (its code loads only then), and a first visit opens it by itself.
 */
import { getContext, setContext } from 'svelte';

export class TourState {
	open = $state(false);
}

const KEY = Symbol('tour');

export function createTourState(): TourState {
	return setContext(KEY, new TourState());
}

export function useTourState(): TourState {
	return getContext<TourState>(KEY);
}
