/**
 * Runs one `civicpulse` command in this process and then prints the process's peak RSS on
 * stderr as `PEAK_RSS_MB=<n>`, so the benchmark can measure memory of the real command.
 */
import { main } from '../packages/cli/src/main.js'

await main(process.argv)
process.stderr.write(`PEAK_RSS_MB=${Math.round(process.resourceUsage().maxRSS / 1024)}\n`)
