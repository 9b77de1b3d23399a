import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Runs a recipe script, forwarding each output line, with a hard time limit. */
export function runScript(
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs: number; onLine: (line: string) => void },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
    for (const output of [child.stdout, child.stderr]) {
      createInterface({ input: output, crlfDelay: Infinity }).on('line', (line) => line && options.onLine(line));
    }
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else if (signal)
        reject(new Error(`${command} ${args.join(' ')} stopped by ${signal} (time limit ${options.timeoutMs} ms)`));
      else reject(new Error(`${command} ${args.join(' ')} exited with code ${code}`));
    });
  });
}
