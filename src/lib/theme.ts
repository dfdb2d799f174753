/**
 * The in-app light/dark choice. Until a person picks one the OS setting rules; a pick is kept in
 * localStorage (read synchronously before the first paint, so the page never flashes the other
 * theme) and set as `data-theme` on the root element, which app.css follows.
 */
export type Theme = 'light' | 'dark';

const KEY = 'skillopt-theme';

/** The stored pick, or `null` when the OS setting applies. */
export function storedTheme(storage: Pick<Storage, 'getItem'> | undefined): Theme | null {
	try {
		const value = storage?.getItem(KEY);
		return value === 'light' || value === 'dark' ? value : null;
	} catch {
		return null; // storage blocked (some private modes)
	}
}

/** The theme in effect: the pick, else the OS preference. */
export function effectiveTheme(): Theme {
	return (
		storedTheme(globalThis.localStorage) ??
		(globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')
	);
}

/** Put the stored pick on the root element (call once before mounting). */
export function applyStoredTheme(): void {
	const theme = storedTheme(globalThis.localStorage);
	if (theme) document.documentElement.dataset.theme = theme;
}

/** Choose a theme and keep it. */
export function setTheme(theme: Theme): void {
	document.documentElement.dataset.theme = theme;
	try {
		localStorage.setItem(KEY, theme);
	} catch {
		// Not kept beyond this page; it still applies now.
	}
}
