/**
 * Turns errors from the model worker into what the UI says. Errors cross comlink as plain
 * `Error`s that keep `name` and `message` (see workers/errors.ts), so this branches on `name`.
 */
import { errorMessage } from '../../../workers/errors.ts';

export interface DescribedError {
	name: string;
	message: string;
}

const ADVICE: Record<string, string> = {
	WebGpuUnavailableError:
		'This browser has no usable WebGPU adapter. Use the simulated model or an OpenAI-compatible endpoint instead.',
	DeviceLostError:
		'The GPU device was lost (often: not enough GPU memory). The model was unloaded; load a smaller model and resume.',
	QuotaExceededError:
		'Browser storage is full. Delete cached models or old runs, or allow persistent storage.'
};

export function describeEngineError(error: unknown): DescribedError {
	const name = error instanceof Error ? error.name : 'Error';
	const raw = errorMessage(error);
	const advice = ADVICE[name];
	const message = advice && !raw.includes(advice) ? `${raw} ${advice}`.trim() : raw;
	return { name, message: message || 'Something went wrong in the model worker.' };
}
