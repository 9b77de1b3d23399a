import type { Duplex } from 'node:stream';
import type { SandboxSpecInput } from './sandbox-spec/sandbox-spec.schema';

/**
 * The port between the control plane and an engine (JupyterHub's Spawner in shape): the caller
 * decides *what* should run; an adapter (Docker now, Swarm or Kubernetes later) decides *how*.
 * Nothing engine-specific crosses this interface.
 */
export interface SandboxRuntime {
  /** Creates what is missing, adopts what exists, waits for real readiness. Idempotent per id. */
  provision(id: string, spec: SandboxSpecInput, options?: ProvisionOptions): Promise<ProvisionedSandbox>;
  /** What exists for this id, or undefined when nothing does. */
  inspect(id: string): Promise<SandboxStatus | undefined>;
  /** Every managed sandbox matching the label filter, including ones with only a network left. */
  list(filter?: Record<string, string>): Promise<SandboxStatus[]>;
  logs(id: string, service: string, options?: LogOptions): AsyncIterable<LogLine>;
  exec(id: string, service: string, command: string[], options?: { timeoutMs?: number }): Promise<ExecResult>;
  /**
   * An interactive shell (a TTY) in a running service, for a terminal: `command` (default the
   * image's login shell) runs as the image's user. Each engine call has a timeout; the session
   * itself lives until its stream ends (the shell exits) or the caller closes it.
   */
  attachShell(id: string, service: string, options: ShellOptions): Promise<ShellSession>;
  /** Stops the containers, keeps them (and their data). */
  stop(id: string): Promise<void>;
  /** Removes containers, network and volumes. Removing what is already gone succeeds. */
  destroy(id: string): Promise<void>;
  /**
   * Container lifecycle of managed sandboxes as the engine reports it. Ends when the engine closes
   * the stream (the caller re-subscribes) or when `signal` aborts. Networks and volumes are not
   * reported (the engine's events for them carry no labels): a periodic listing covers them.
   */
  events(options?: { signal?: AbortSignal }): AsyncIterable<SandboxEvent>;
  /**
   * Where a client outside the sandbox (the API, a lab check, a student) reaches `containerPort` of
   * `service`, read from what the caller recorded when the sandbox became ready (`provision`'s or
   * `inspect`'s services, e.g. stored as JSON). Undefined when that port is not published. No engine
   * call: the adapter that recorded the data knows how to read it (Docker: the published loopback
   * port; a Swarm or Kubernetes adapter: its own ingress), so callers never build addresses.
   */
  endpoint(sandbox: RecordedSandbox, service: string, containerPort: number): ServiceAddress | undefined;
  /** Resolves when the engine answers within `timeoutMs`; rejects with the reason otherwise (never hangs). */
  ping(options?: { timeoutMs?: number }): Promise<void>;
}

/** The part of the port that only says where services are (pure; no engine call). */
export type ServiceLocator = Pick<SandboxRuntime, 'endpoint'>;

/** What a caller keeps of a sandbox to find its services again; a stored record fits as it is. */
export interface RecordedSandbox {
  id: string;
  /** The services as `provision`/`inspect` reported them; null or absent before the sandbox was ready. */
  endpoints?: readonly RecordedService[] | null;
}

/** A service as recorded: JSON keeps the ports' keys as strings, so both spellings are accepted. */
export interface RecordedService {
  name: string;
  host?: string;
  ports: Readonly<Record<string, number>>;
}

/** How a client reaches one port of one service. */
export interface ServiceAddress {
  host: string;
  port: number;
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

export interface ShellOptions extends TerminalSize {
  command?: string[];
  /** Extra environment of the shell only (e.g. TERM). */
  env?: Record<string, string>;
}

/** A shell with a TTY: one byte stream (input in, terminal output out; a TTY has no stderr). */
export interface ShellSession {
  stream: Duplex;
  /** Tells the TTY its new size (the shell gets SIGWINCH). */
  resize(size: TerminalSize): Promise<void>;
  /** The shell's exit code once it has ended; undefined while it runs or when the engine cannot say. */
  exitCode(): Promise<number | undefined>;
  /** Ends the session: the engine closes the TTY and the shell gets a hangup. Idempotent. */
  close(): void;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** One line a service wrote, and on which stream. */
export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface SandboxEvent {
  sandboxId: string;
  object: 'container';
  /** The engine's action: start, die, destroy, create… */
  action: string;
  service?: string;
}

export interface ProvisionOptions {
  onProgress?: (event: ProvisionProgress) => void;
  /** Extra labels, e.g. a test run id for a reaper. Reserved `lab.*` keys cannot be overridden. */
  labels?: Record<string, string>;
}

export interface ProvisionProgress {
  sandboxId: string;
  service?: string;
  step: 'image' | 'network' | 'create' | 'adopt' | 'start' | 'readiness' | 'ready';
  message: string;
}

export interface ServiceEndpoint {
  name: string;
  /** The engine's id of what runs the service: a container (Docker), a service (Swarm). */
  containerId: string;
  /** Host the published ports listen on (Docker: loopback; Swarm: the task's node). Read it through `endpoint()`. */
  host: string;
  /** Container port → published host port. */
  ports: Record<number, number>;
}

export interface ProvisionedSandbox {
  id: string;
  services: ServiceEndpoint[];
  /** True when every container already existed with the same spec and was adopted. */
  adopted: boolean;
}

export type ServiceState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ServiceStatus {
  name: string;
  /** The engine's id of what runs the service: a container (Docker), a service (Swarm). */
  containerId: string;
  state: ServiceState;
  ports: Record<number, number>;
  /** Where the ports are published, when not the adapter's default (Swarm: the task's node). */
  host?: string;
  /** Started on first use (`startOnFirstUse`): `created` is its normal state until then. */
  startsOnFirstUse?: boolean;
}

export interface SandboxStatus {
  id: string;
  example: string;
  owner: string;
  specHash: string;
  services: ServiceStatus[];
  networks: string[];
  labels: Record<string, string>;
}

export interface LogOptions {
  tail?: number;
  follow?: boolean;
  signal?: AbortSignal;
}
