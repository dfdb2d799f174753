/**
 * WebGPU's own device-lost signal, observed from outside WebLLM.
 *
 * WebLLM creates its `GPUDevice` privately and, when the device is lost, only logs and disposes
 * itself: the next call then fails with "Module has already been disposed". To learn of the loss
 * when it happens (not at the next call) without touching WebLLM's internals, this wraps the
 * public `navigator.gpu.requestAdapter()` → `adapter.requestDevice()` path of the worker once and
 * listens to each device's `lost` promise. A loss with reason `destroyed` is an unload
 * (`device.destroy()`), not a failure, and is ignored.
 */

/** The part of `GPUDeviceLostInfo` we read. */
export interface DeviceLostInfo {
	reason: string;
	message: string;
}

type Listener = (info: DeviceLostInfo) => void;

interface GpuLike {
	requestAdapter(...args: unknown[]): Promise<unknown>;
}

const listeners = new WeakMap<object, Set<Listener>>();

/**
 * Call `listener` whenever a device requested through `gpu` is lost for a reason other than
 * being destroyed. Returns a function that stops listening.
 */
export function watchDeviceLoss(gpu: unknown, listener: Listener): () => void {
	if (!isGpuLike(gpu)) return () => undefined;
	let set = listeners.get(gpu);
	if (!set) {
		set = new Set();
		listeners.set(gpu, set);
		patch(gpu, set);
	}
	set.add(listener);
	const own = set;
	return () => void own.delete(listener);
}

function patch(gpu: GpuLike, set: Set<Listener>): void {
	const requestAdapter = gpu.requestAdapter.bind(gpu);
	gpu.requestAdapter = async (...args: unknown[]) => {
		const adapter = await requestAdapter(...args);
		if (typeof adapter !== 'object' || adapter === null) return adapter;
		const withDevice = adapter as { requestDevice?: (...a: unknown[]) => Promise<unknown> };
		const requestDevice = withDevice.requestDevice?.bind(adapter);
		if (!requestDevice) return adapter;
		withDevice.requestDevice = async (...a: unknown[]) => {
			const device = await requestDevice(...a);
			const lost = (device as { lost?: Promise<DeviceLostInfo> } | null)?.lost;
			void lost?.then((info) => {
				if (info.reason === 'destroyed') return;
				for (const notify of set) notify(info);
			});
			return device;
		};
		return adapter;
	};
}

function isGpuLike(value: unknown): value is GpuLike {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { requestAdapter?: unknown }).requestAdapter === 'function'
	);
}
