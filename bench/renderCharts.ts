/**
 * Regenerates the charts from the results JSON, without running anything:
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/renderCharts.js [bench/results]
 */
import { writeCharts } from './charts.js';

for (const file of writeCharts(process.argv[2] ?? 'bench/results')) console.log(`wrote ${file}`);
