/** Saves text as a file through a temporary object URL (no server involved). */
export function downloadText(fileName: string, text: string, type = 'text/plain'): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.style.display = 'none';
	document.body.append(link);
	link.click();
	link.remove();
	// Revoke on the next tick: Chromium starts the download asynchronously.
	setTimeout(() => URL.revokeObjectURL(url), 0);
}
