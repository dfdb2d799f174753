/**
 * This tab's localStorage, or null where reading it throws (storage blocked, some private
 * modes). For what a tab keeps of its own view across a reload (a review draft, a pause);
 * callers treat null as "not kept".
 */
export function tabStorage(): Storage | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		return null;
	}
}
