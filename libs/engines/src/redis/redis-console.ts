import type { ConsoleQuery, ConsoleResult } from '../console';
import { EngineStatementError, EngineUnreachable, QueryTimedOut, StatementRejected } from '../errors';
import { capSocket, consoleWireCap, RowCollector } from '../limits';
import { openRedis, toRedisError } from './redis-client';
import { splitRedisArgs } from './split-args';

/**
 * Commands that block, change the connection's protocol or never answer: in a one-command
 * console they would hang until the timeout or confuse the client, so they are refused.
 */
const REFUSED = new Set([
  'SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE', 'UNSUBSCRIBE', 'PUNSUBSCRIBE', 'SUNSUBSCRIBE', 'MONITOR',
  'SYNC', 'PSYNC', 'BLPOP', 'BRPOP', 'BRPOPLPUSH', 'BLMOVE', 'BLMPOP', 'BZPOPMIN', 'BZPOPMAX', 'BZMPOP',
  'WAIT', 'WAITAOF', 'HELLO',
]); // prettier-ignore

/** Replies that are flat lists of pairs in RESP2, shown as two columns. */
function pairColumns(name: string, args: string[]): [string, string] | undefined {
  const has = (word: string) => args.some((arg) => arg.toUpperCase() === word);
  if (name === 'HGETALL' || (name === 'HRANDFIELD' && has('WITHVALUES'))) return ['field', 'value'];
  if (name === 'CONFIG' && args[0]?.toUpperCase() === 'GET') return ['parameter', 'value'];
  if (name === 'ZPOPMIN' || name === 'ZPOPMAX') return ['member', 'score'];
  if (name.startsWith('Z') && has('WITHSCORES')) return ['member', 'score'];
  return undefined;
}

function refusal(name: string, args: string[]): string | undefined {
  if (REFUSED.has(name)) return `${name} blocks or takes over the connection; the console runs one command and returns`;
  if ((name === 'XREAD' || name === 'XREADGROUP') && args.some((arg) => arg.toUpperCase() === 'BLOCK'))
    return `${name} … BLOCK waits for new entries; leave out BLOCK in the console`;
  if (name === 'CLIENT' && ['REPLY', 'PAUSE'].includes(args[0]?.toUpperCase() ?? ''))
    return `CLIENT ${args[0]!.toUpperCase()} would stop the console from getting an answer`;
  return undefined;
}

/**
 * One command, split as redis-cli splits it, as the student's ACL user. The reply becomes rows:
 * a single value → one row of `value`; a list → one row per element; pairs (HGETALL, …
 * WITHSCORES) → two columns. Redis cannot stop a reply midway, so a reply larger than the wire
 * cap ends with no rows and `truncated`; the timeout is the client's command timeout.
 */
export async function runRedisConsole(url: string, query: ConsoleQuery): Promise<ConsoleResult> {
  const { limits } = query;
  if (query.explain) throw new StatementRejected('Redis has no EXPLAIN: send the command without explain');
  const [nameArg, ...rest] = splitRedisArgs(query.statement);
  if (!nameArg) throw new StatementRejected('the command is empty');
  const name = nameArg.toString('utf8').toUpperCase();
  const textArgs = rest.map((arg) => arg.toString('utf8'));
  const refused = refusal(name, textArgs);
  if (refused) throw new StatementRejected(refused);

  const started = performance.now();
  // RESP2, as redis-cli speaks by default: replies have the shapes students read in its output.
  const redis = await openRedis(url, limits.timeoutMs, undefined, 2).catch((error: unknown) => {
    const failure = toRedisError(error, limits.timeoutMs);
    // A refused login (WRONGPASS) is the engine's answer; anything else means we never got there.
    const answered = failure instanceof EngineStatementError && !(failure instanceof QueryTimedOut);
    throw answered ? failure : new EngineUnreachable(failure.message, error);
  });
  const cap = capSocket(redis.stream, consoleWireCap(limits));
  const collector = new RowCollector(limits);
  const notices: string[] = [];
  let columns: string[] = ['value'];
  try {
    const reply: unknown = await redis.call(nameArg.toString('utf8'), ...rest);
    const pairs = Array.isArray(reply) ? pairColumns(name, textArgs) : undefined;
    if (pairs && Array.isArray(reply)) {
      columns = pairs;
      for (let i = 0; i + 1 < reply.length; i += 2) if (!collector.add([reply[i], reply[i + 1]])) break;
    } else if (Array.isArray(reply)) {
      for (const item of reply) if (!collector.add([item])) break;
    } else {
      collector.add([reply]);
    }
  } catch (error) {
    if (!cap.exceeded()) throw toRedisError(error, limits.timeoutMs);
    collector.truncated = true;
    notices.push('a reply too large to show ended the result');
  } finally {
    redis.disconnect();
  }
  return {
    columns,
    rows: collector.rows,
    rowCount: collector.rows.length,
    truncated: collector.truncated,
    durationMs: Math.round(performance.now() - started),
    ...(notices.length > 0 ? { notices } : {}),
  };
}
