/**
 * Turns the bytes a user brings (a file, a URL's response, pasted text) into plain data for the
 * core's import adapters: JSON documents, JSON Lines and CSV/TSV (through papaparse, not a
 * hand-written parser). Every failure names the file, the line and what was expected.
 */
import Papa from 'papaparse';
import { errorMessage } from '../../../workers/errors.ts';

export class DataReadError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DataReadError';
	}
}

/** What was read: the data and how it was recognised. */
export interface ReadData {
	data: unknown;
	/** `json`, `jsonl` or `csv`. */
	syntax: 'json' | 'jsonl' | 'csv';
	fileName: string;
}

/** Largest input accepted; a dataset larger than this is not something to edit in a browser tab. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** Parse `text` by its file extension, falling back to sniffing the content. */
export function parseDataText(text: string, fileName: string): ReadData {
	const name = fileName.toLowerCase();
	const body = text.replace(/^\uFEFF/, '');
	if (body.trim() === '') throw new DataReadError(`${fileName} is empty.`);
	if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return parseJsonl(body, fileName);
	if (name.endsWith('.csv') || name.endsWith('.tsv')) return parseCsv(body, fileName);
	if (name.endsWith('.json')) return parseJson(body, fileName);
	const trimmed = body.trimStart();
	if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
		// One JSON document, or JSON Lines whose first line is an object.
		try {
			return parseJson(body, fileName);
		} catch (error) {
			if (trimmed.startsWith('{') && body.trim().includes('\n')) return parseJsonl(body, fileName);
			throw error;
		}
	}
	return parseCsv(body, fileName);
}

function parseJson(text: string, fileName: string): ReadData {
	try {
		return { data: JSON.parse(text), syntax: 'json', fileName };
	} catch (error) {
		throw new DataReadError(`${fileName} is not valid JSON: ${errorMessage(error)}`);
	}
}

function parseJsonl(text: string, fileName: string): ReadData {
	const rows: unknown[] = [];
	const lines = text.split(/\r?\n/);
	lines.forEach((line, index) => {
		if (line.trim() === '') return;
		try {
			rows.push(JSON.parse(line));
		} catch (error) {
			throw new DataReadError(
				`${fileName}, line ${index + 1}: not valid JSON (${errorMessage(error)}).`
			);
		}
	});
	if (rows.length === 0) throw new DataReadError(`${fileName} has no JSON lines.`);
	return { data: rows, syntax: 'jsonl', fileName };
}

function parseCsv(text: string, fileName: string): ReadData {
	const result = Papa.parse<Record<string, string>>(text, {
		header: true,
		skipEmptyLines: 'greedy',
		transformHeader: (header) => header.trim()
	});
	// A single-column table has no delimiter to detect; the column check below explains it better.
	const fatal = result.errors.find(
		(e) => e.type !== 'Delimiter' && (e.type !== 'FieldMismatch' || e.code === 'TooManyFields')
	);
	if (fatal) {
		const row = fatal.row === undefined ? '' : `, row ${fatal.row + 2}`;
		throw new DataReadError(`${fileName}${row}: ${fatal.message}.`);
	}
	const fields = result.meta.fields ?? [];
	if (fields.length < 2) {
		throw new DataReadError(
			`${fileName} does not look like a table: it needs a header row with at least an input and an answer column.`
		);
	}
	return { data: result.data, syntax: 'csv', fileName };
}

/** Read a `File` the user picked, with a size limit. */
export async function readDataFile(file: File): Promise<ReadData> {
	if (file.size > MAX_IMPORT_BYTES) {
		throw new DataReadError(
			`${file.name} is ${(file.size / 1048576).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 1048576} MB.`
		);
	}
	return parseDataText(await file.text(), file.name);
}

/** Fetch data from a URL (only when the user asks; CORS must allow it). */
export async function readDataUrl(
	url: string,
	fetchImpl: typeof fetch = fetch,
	signal?: AbortSignal
): Promise<ReadData> {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new DataReadError(`"${url}" is not a URL.`);
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		throw new DataReadError(`Only http(s) URLs can be imported, not ${parsed.protocol}`);
	}
	let response: Response;
	try {
		response = await fetchImpl(parsed.href, { signal, credentials: 'omit' });
	} catch (error) {
		if (signal?.aborted) throw error;
		throw new DataReadError(
			`Could not reach ${parsed.host}: ${errorMessage(error)}. Are you offline, or does the server not allow cross-origin requests (CORS)?`
		);
	}
	if (!response.ok) {
		throw new DataReadError(`${parsed.href} answered ${response.status} ${response.statusText}.`);
	}
	const length = Number(response.headers.get('content-length') ?? '0');
	if (length > MAX_IMPORT_BYTES) {
		throw new DataReadError(`${parsed.href} is larger than ${MAX_IMPORT_BYTES / 1048576} MB.`);
	}
	const fileName = decodeURIComponent(parsed.pathname.split('/').pop() || parsed.host);
	return parseDataText(await response.text(), fileName);
}
