// Dedicated worker for the WebGPU probe: created on start-up, terminated after one answer.
import { expose } from 'comlink';
import { probeGpu } from './gpu-probe.ts';

expose({ probe: () => probeGpu(self.navigator.gpu) });
