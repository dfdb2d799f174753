import { describe, expect, it } from 'vitest';
import {
	ISOLATION_HEADERS,
	hasIsolationHeaders,
	isRuntimeCachedAsset,
	withIsolationHeaders
} from '../../../../src/service-worker/rules.ts';

const scope = new URL('https://app.example/');

describe('which requests the service worker caches at run time', () => {
	it('caches the app’s own hashed files', () => {
		const url = new URL('https://app.example/assets/webllm-engine-AbC123.js');
		expect(isRuntimeCachedAsset(url, scope)).toBe(true);
		expect(isRuntimeCachedAsset(new URL('https://app.example/assets/wllama-x.wasm'), scope)).toBe(
			true
		);
	});

	it('never answers for a model host or another origin', () => {
		for (const href of [
			'https://huggingface.co/mlc-ai/x/resolve/main/params_shard_0.bin',
			'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/x.wasm',
			'http://192.168.1.20:8080/assets/model.gguf',
			'https://app.example.evil/assets/x.js'
		]) {
			expect(isRuntimeCachedAsset(new URL(href), scope), href).toBe(false);
		}
	});

	it('leaves pages, other paths and non-GET requests alone', () => {
		expect(isRuntimeCachedAsset(new URL('https://app.example/'), scope)).toBe(false);
		expect(isRuntimeCachedAsset(new URL('https://app.example/sw.js'), scope)).toBe(false);
		expect(isRuntimeCachedAsset(new URL('https://app.example/assets-old/x.js'), scope)).toBe(false);
		const asset = new URL('https://app.example/assets/x.js');
		expect(isRuntimeCachedAsset(asset, scope, 'POST')).toBe(false);
	});

	it('follows a scope below the origin’s root', () => {
		const sub = new URL('https://host.example/skillopt/');
		expect(isRuntimeCachedAsset(new URL('https://host.example/skillopt/assets/a.js'), sub)).toBe(
			true
		);
		expect(isRuntimeCachedAsset(new URL('https://host.example/assets/a.js'), sub)).toBe(false);
	});
});

describe('isolation headers on what the worker serves', () => {
	it('adds the missing ones and keeps status, body and other headers', async () => {
		const original = new Response('<!doctype html>', {
			status: 200,
			statusText: 'OK',
			headers: { 'Content-Type': 'text/html' }
		});
		const served = withIsolationHeaders(original);
		expect(served).not.toBe(original);
		expect(hasIsolationHeaders(served.headers)).toBe(true);
		for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
			expect(served.headers.get(name)).toBe(value);
		}
		expect(served.headers.get('Content-Type')).toBe('text/html');
		expect(served.status).toBe(200);
		expect(await served.text()).toBe('<!doctype html>');
	});

	it('never replaces a value the host sent', () => {
		const served = withIsolationHeaders(
			new Response('x', { headers: { 'Cross-Origin-Embedder-Policy': 'credentialless' } })
		);
		expect(served.headers.get('Cross-Origin-Embedder-Policy')).toBe('credentialless');
		expect(served.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
	});

	it('returns a response that already has them unchanged', () => {
		const complete = new Response('x', { headers: { ...ISOLATION_HEADERS } });
		expect(withIsolationHeaders(complete)).toBe(complete);
	});

	it('rewrites a bodiless 304 without a body', () => {
		const served = withIsolationHeaders(new Response(null, { status: 304 }));
		expect(served.status).toBe(304);
		expect(served.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
	});

	it('leaves error responses alone (their headers cannot be read)', () => {
		const error = Response.error();
		expect(withIsolationHeaders(error)).toBe(error);
	});
});
