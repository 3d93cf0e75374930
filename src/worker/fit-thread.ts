import { parentPort } from 'node:worker_threads';

import { fitOneVsRest, type OvrTrainingInput } from '../ml/index.js';

// One training thread: fits the labels it is given (`onlyLabels`) and sends their fits back. The
// weights' buffers are transferred, not copied.

type Request = { id: number; input: OvrTrainingInput };

parentPort?.on('message', (request: Request) => {
  try {
    const fit = fitOneVsRest(request.input);
    const transfer = fit.labels.flatMap((label) =>
      label === null ? [] : [label.weights.buffer as ArrayBuffer],
    );
    parentPort!.postMessage({ id: request.id, ok: true, labels: fit.labels }, transfer);
  } catch (error) {
    parentPort!.postMessage({
      id: request.id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
