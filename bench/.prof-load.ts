import { navetteDeployment } from '/work/wt/ack/bench/scale-out.ts';
import { steadyLoad } from '/work/wt/ack/bench/sync-load.ts';
process.env.NODE_OPTIONS = '--cpu-prof --cpu-prof-dir=/tmp/prof';
const d = await navetteDeployment('sqlite', 1, 50);
delete process.env.NODE_OPTIONS;
const r = await steadyLoad(d);
console.log(r.ack);
await d.stop();
