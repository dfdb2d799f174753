/**
 * What the figures were measured on: they mean little without the CPU, its cores and the load
 * the machine was under (a shared 2-core box makes frames longer than a laptop would).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
	cpu: string;
	cores: number;
	memoryGiB: number;
	os: string;
	node: string;
	chromium: string | null;
	/** 1-minute load average when the bench started. */
	load: number;
	summary: string;
}

function chromiumVersion(path: string | undefined): string | null {
	if (path === undefined) return null;
	try {
		return (
			execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
				.trim()
				.split('\n')[0] ?? null
		);
	} catch {
		return null;
	}
}

export function machine(chromiumPath?: string): Machine {
	const cpus = os.cpus();
	const cpu = cpus[0]?.model.trim() ?? 'unknown CPU';
	const memoryGiB = Math.round((os.totalmem() / 1024 ** 3) * 10) / 10;
	const load = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
	const chromium = chromiumVersion(chromiumPath);
	const m = {
		cpu,
		cores: os.availableParallelism(),
		memoryGiB,
		os: `${os.type()} ${os.release()}`,
		node: process.version,
		chromium,
		load
	};
	return {
		...m,
		summary: `${m.cores} × ${cpu}, ${memoryGiB} GiB, ${m.os}, Node ${m.node}${chromium ? `, ${chromium}` : ''}, load ${load}`
	};
}
