import { describe, expect, it } from 'vitest';
import { DataReadError, parseDataText, readDataUrl } from '../../../src/lib/packs/read-data.ts';

describe('parseDataText', () => {
	it('reads JSON documents', () => {
		expect(parseDataText('{"examples": []}', 'task.json')).toEqual({
			data: { examples: [] },
			syntax: 'json',
			fileName: 'task.json'
		});
	});

	it('reads JSON Lines, skipping blank lines', () => {
		const read = parseDataText('{"a":1}\n\n{"a":2}\r\n', 'rows.jsonl');
		expect(read.data).toEqual([{ a: 1 }, { a: 2 }]);
		expect(read.syntax).toBe('jsonl');
	});

	it('names the line of broken JSON Lines', () => {
		expect(() => parseDataText('{"a":1}\n{"a":\n', 'rows.jsonl')).toThrow(/rows\.jsonl, line 2/);
	});

	it('sniffs JSON Lines without an extension', () => {
		expect(parseDataText('{"q":"x"}\n{"q":"y"}', 'paste').syntax).toBe('jsonl');
	});

	it('reads CSV with quoted fields, commas and newlines inside quotes', () => {
		const read = parseDataText(
			'question,answer\n"Is it, really?",yes\n"two\nlines",no\n',
			'data.csv'
		);
		expect(read.data).toEqual([
			{ question: 'Is it, really?', answer: 'yes' },
			{ question: 'two\nlines', answer: 'no' }
		]);
	});

	it('rejects empty input and tables without an answer column', () => {
		expect(() => parseDataText('  \n', 'x.csv')).toThrow(DataReadError);
		expect(() => parseDataText('only\n1\n2', 'x.csv')).toThrow(/input and an answer column/);
		expect(() => parseDataText('{"a":', 'x.json')).toThrow(/not valid JSON/);
	});

	it('strips a byte-order mark', () => {
		expect(parseDataText('\uFEFF[1]', 'x.json').data).toEqual([1]);
	});
});

describe('readDataUrl', () => {
	const ok = (body: string) =>
		(async () => new Response(body, { status: 200 })) as unknown as typeof fetch;

	it('fetches and parses by the URL file name', async () => {
		const read = await readDataUrl('https://example.org/data/test.jsonl', ok('{"a":1}'));
		expect(read).toMatchObject({ fileName: 'test.jsonl', data: [{ a: 1 }] });
	});

	it('explains network failures, HTTP errors and bad URLs', async () => {
		const failing = (async () => {
			throw new TypeError('Failed to fetch');
		}) as unknown as typeof fetch;
		await expect(readDataUrl('https://example.org/x.json', failing)).rejects.toThrow(
			/Could not reach example\.org.*offline.*CORS/
		);
		const notFound = (async () =>
			new Response('', { status: 404, statusText: 'Not Found' })) as unknown as typeof fetch;
		await expect(readDataUrl('https://example.org/x.json', notFound)).rejects.toThrow(/404/);
		await expect(readDataUrl('not a url', ok(''))).rejects.toThrow(/is not a URL/);
		await expect(readDataUrl('file:///etc/passwd', ok(''))).rejects.toThrow(/Only http/);
	});
});
