import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GenerateRequest } from '../../../src/core/ports.ts';
import type { ModelEngine } from '../../../workers/engines/engine.ts';
import {
	createOpenAiEngine,
	normaliseBaseUrl,
	sseData
} from '../../../workers/engines/openai-engine.ts';

/** A loopback server speaking Chat Completions; the model name picks its behaviour. */
interface Received {
	path: string;
	authorization: string | undefined;
	body: Record<string, unknown>;
}

let server: Server;
let baseUrl: string;
const received: Received[] = [];
const open = new Set<ServerResponse>();

function sse(res: ServerResponse, events: unknown[]) {
	res.writeHead(200, { 'Content-Type': 'text/event-stream' });
	for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
	res.end('data: [DONE]\n\n');
}

function delta(content: string, finish: string | null = null) {
	return { choices: [{ index: 0, delta: { content }, finish_reason: finish }] };
}

function json(res: ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
	const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
	received.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
	if (req.method === 'GET' && req.url === '/v1/models') {
		if (req.headers.authorization === 'Bearer wrong') {
			return json(res, 401, { error: { message: 'Invalid API key' } });
		}
		return json(res, 200, { data: [{ id: 'stream' }] });
	}
	if (req.url !== '/v1/chat/completions') return json(res, 404, { error: 'no such route' });
	switch (body['model']) {
		case 'stream':
			return sse(res, [
				delta('Answer'),
				delta(': '),
				delta('yes', 'stop'),
				{ choices: [], usage: { prompt_tokens: 21, completion_tokens: 3 } }
			]);
		case 'crlf':
			res.writeHead(200, { 'Content-Type': 'text/event-stream' });
			res.write(': keep-alive\r\n\r\n');
			res.write(
				`data: ${JSON.stringify(delta('ab'))}\r\n\r\ndata: ${JSON.stringify(delta('c', 'length'))}`
			);
			return res.end('\r\n\r\n');
		case 'plain':
			return json(res, 200, {
				choices: [
					{
						index: 0,
						message: { role: 'assistant', content: '{"ok":true}' },
						finish_reason: 'stop'
					}
				],
				usage: { prompt_tokens: 9, completion_tokens: 4 }
			});
		case 'no-stream-options':
			if (body['stream_options']) {
				return json(res, 400, { error: { message: 'unknown field stream_options' } });
			}
			return json(res, 200, {
				choices: [{ index: 0, message: { content: 'plain answer' }, finish_reason: 'length' }]
			});
		case 'auth':
			if (req.headers.authorization !== 'Bearer secret') {
				return json(res, 401, { error: { message: 'Incorrect API key provided' } });
			}
			return sse(res, [delta('welcome', 'stop')]);
		case 'broken':
			return json(res, 500, { error: { message: 'CUDA out of memory' } });
		case 'slow':
			open.add(res);
			return; // never answers
		case 'endless': {
			res.writeHead(200, { 'Content-Type': 'text/event-stream' });
			const timer = setInterval(() => res.write(`data: ${JSON.stringify(delta('tick '))}\n\n`), 5);
			res.on('close', () => clearInterval(timer));
			return;
		}
		default:
			return json(res, 404, { error: { message: `model '${String(body['model'])}' not found` } });
	}
}

beforeAll(async () => {
	server = createServer((req, res) => {
		let raw = '';
		req.on('data', (c: Buffer) => (raw += c.toString()));
		req.on('end', () => handle(req, res, raw));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const res of open) res.destroy();
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

const request: GenerateRequest = {
	messages: [
		{ role: 'system', content: 'Answer yes or no.' },
		{ role: 'user', content: 'Is the coin heads?' }
	],
	temperature: 0,
	seed: 7,
	maxTokens: 48,
	stop: ['\n\n']
};

function engine(model: string, extra: { apiKey?: string; timeoutMs?: number } = {}): ModelEngine {
	return createOpenAiEngine(
		{ baseUrl, model, ...extra },
		{ fetch, origin: 'http://localhost:5173' }
	);
}

function lastBody(): Record<string, unknown> {
	return received.at(-1)?.body ?? {};
}

describe('normaliseBaseUrl', () => {
	it.each([
		['http://localhost:11434', 'http://localhost:11434/v1'],
		['localhost:11434/', 'http://localhost:11434/v1'],
		['http://localhost:1234/v1/', 'http://localhost:1234/v1'],
		['https://api.example.org/v1/chat/completions', 'https://api.example.org/v1'],
		['https://example.org/openai/v1', 'https://example.org/openai/v1']
	])('turns %s into %s', (input, expected) => {
		expect(normaliseBaseUrl(input)).toBe(expected);
	});

	it('rejects what is not an http URL', () => {
		expect(() => normaliseBaseUrl('')).toThrow(/base URL/);
		expect(() => normaliseBaseUrl('ftp://example.org')).toThrow(/http/);
	});
});

describe('sseData', () => {
	it('joins multi-line data and ignores comments and other fields', async () => {
		const text = ': comment\nevent: x\ndata: a\ndata: b\n\ndata: c\n\n';
		const body = new Response(text).body;
		expect(body).not.toBeNull();
		const out: string[] = [];
		if (body) for await (const d of sseData(body)) out.push(d);
		expect(out).toEqual(['a\nb', 'c']);
	});
});

describe('the OpenAI-compatible engine against a loopback server', () => {
	it('streams a completion with usage and sends the request fields', async () => {
		const tokens: string[] = [];
		const result = await engine('stream').generate(
			{ ...request, jsonSchema: { type: 'object' } },
			undefined,
			(t) => tokens.push(t)
		);
		expect(result).toEqual({
			text: 'Answer: yes',
			finishReason: 'stop',
			usage: { promptTokens: 21, completionTokens: 3 }
		});
		expect(tokens).toEqual(['Answer', ': ', 'yes']);
		expect(lastBody()).toMatchObject({
			model: 'stream',
			messages: request.messages,
			temperature: 0,
			seed: 7,
			max_tokens: 48,
			stop: ['\n\n'],
			stream: true,
			stream_options: { include_usage: true },
			response_format: { type: 'json_schema', json_schema: { schema: { type: 'object' } } }
		});
	});

	it('parses CRLF-separated events and keeps finish reason length', async () => {
		const result = await engine('crlf').generate(request);
		expect(result.text).toBe('abc');
		expect(result.finishReason).toBe('length');
		expect(result.usage.completionTokens).toBeGreaterThan(0);
	});

	it('reads a plain JSON answer from a server that ignores stream', async () => {
		const tokens: string[] = [];
		const result = await engine('plain').generate(request, undefined, (t) => tokens.push(t));
		expect(result).toEqual({
			text: '{"ok":true}',
			finishReason: 'stop',
			usage: { promptTokens: 9, completionTokens: 4 }
		});
		expect(tokens).toEqual(['{"ok":true}']);
	});

	it('asks again without streaming when the server rejects stream options', async () => {
		const result = await engine('no-stream-options').generate(request);
		expect(result).toMatchObject({ text: 'plain answer', finishReason: 'length' });
		expect(lastBody()['stream']).toBe(false);
		expect(lastBody()['stream_options']).toBeUndefined();
	});

	it('sends the API key as a Bearer token', async () => {
		const result = await engine('auth', { apiKey: 'secret' }).generate(request);
		expect(result.text).toBe('welcome');
		expect(received.at(-1)?.authorization).toBe('Bearer secret');
	});

	it('explains a 401 as an API key problem', async () => {
		await expect(engine('auth', { apiKey: 'nope' }).generate(request)).rejects.toMatchObject({
			name: 'EndpointError',
			status: 401,
			message: expect.stringMatching(/check the API key.*Incorrect API key provided/)
		});
	});

	it('explains a 404 as a model name or base URL problem', async () => {
		await expect(engine('llama9').generate(request)).rejects.toMatchObject({
			name: 'EndpointError',
			status: 404,
			message: expect.stringMatching(/model name "llama9".*base URL.*not found/)
		});
	});

	it('reports a 500 with the server message', async () => {
		await expect(engine('broken').generate(request)).rejects.toMatchObject({
			name: 'EndpointError',
			status: 500,
			message: expect.stringContaining('CUDA out of memory')
		});
	});

	it('gives up on a server that does not answer with a TimeoutError', async () => {
		const started = performance.now();
		await expect(engine('slow', { timeoutMs: 150 }).generate(request)).rejects.toMatchObject({
			name: 'TimeoutError',
			message: expect.stringContaining('0.1 s')
		});
		expect(performance.now() - started).toBeLessThan(2000);
	});

	it('stops a stream on abort and resolves with the text so far', async () => {
		const controller = new AbortController();
		const tokens: string[] = [];
		const result = await engine('endless').generate(request, controller.signal, (t) => {
			tokens.push(t);
			if (tokens.length === 3) controller.abort();
		});
		expect(result.finishReason).toBe('abort');
		expect(result.text.startsWith('tick tick tick ')).toBe(true);
	});

	it('stops a stream on interrupt()', async () => {
		const e = engine('endless');
		const pending = e.generate(request, undefined, () => void e.interrupt());
		expect((await pending).finishReason).toBe('abort');
	});

	it('rejects an already aborted signal with AbortError', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(engine('stream').generate(request, controller.signal)).rejects.toMatchObject({
			name: 'AbortError'
		});
	});

	it('checks the endpoint on load and explains a wrong key', async () => {
		const progress: number[] = [];
		await engine('stream').load({ models: ['stream'] }, (p) => progress.push(p.progress));
		expect(progress).toEqual([0, 1]);
		expect(received.at(-1)?.path).toBe('/v1/models');
		await expect(
			engine('stream', { apiKey: 'wrong' }).load({ models: ['stream'] }, () => undefined)
		).rejects.toMatchObject({ name: 'EndpointError', status: 401 });
	});

	it('explains CORS when nothing answers', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise((resolve) => closed.close(resolve));
		const unreachable = createOpenAiEngine(
			{ baseUrl: `http://127.0.0.1:${port}`, model: 'm' },
			{ fetch, origin: 'http://localhost:5173' }
		);
		await expect(unreachable.generate(request)).rejects.toMatchObject({
			name: 'EndpointError',
			status: 0,
			message: expect.stringMatching(/OLLAMA_ORIGINS="http:\/\/localhost:5173".*Enable CORS/)
		});
	});

	it('counts tokens conservatively and reports the configured context window', async () => {
		const e = createOpenAiEngine({ baseUrl, model: 'm', contextWindow: 8192 }, { fetch });
		expect(await e.countTokens('Answer: yes')).toBeGreaterThanOrEqual(3);
		expect(await e.contextWindow()).toBe(8192);
		expect(await engine('m').contextWindow()).toBe(4096);
	});
});
