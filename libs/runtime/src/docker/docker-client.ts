import Docker from 'dockerode';
import type { ContainerCreateOptions, ContainerInfo, ContainerInspectInfo, ImageInspectInfo } from 'dockerode';
import { createInterface } from 'node:readline';
import { Duplex, PassThrough, Readable } from 'node:stream';
import { DockerCallError, DockerTimeoutError } from '../errors';
import { labelFilters } from '../labels';
import type { ExecResult, LogLine } from '../sandbox-runtime.port';
import { decodeDockerFrames, splitLines } from './log-frames';

export interface DockerClientOptions {
  socketPath?: string;
  /** Budget for ordinary API calls (create, start, inspect, remove…). */
  callTimeoutMs?: number;
  /** Budget for image builds and pulls, which stream for minutes. */
  imageTimeoutMs?: number;
  /** Told about every finished call, e.g. to record latency metrics. Must not throw. */
  onCall?: (call: DockerCallRecord) => void;
}

/** One finished engine call: `kind` has no object names in it (`create container`), so it suits a metric label. */
export interface DockerCallRecord {
  kind: string;
  durationMs: number;
  /** `rejected` = the engine answered with a 4xx (often expected: 404 on inspect, 409 on remove). */
  outcome: 'ok' | 'rejected' | 'error' | 'timeout';
}

/** An operation's text for errors plus its kind for metrics: op`create network ${name}`. */
interface Operation {
  kind: string;
  text: string;
}

function op(strings: TemplateStringsArray, ...values: unknown[]): Operation {
  return { kind: (strings[0] ?? '').trim(), text: String.raw({ raw: strings }, ...values) };
}

export interface ProgressEvent {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
}

export type LabelFilter = Record<string, string>;

/** A running TTY exec: its byte stream, and the calls that act on it. */
export interface InteractiveExec {
  stream: Duplex;
  resize(size: { cols: number; rows: number }): Promise<void>;
  /** Undefined while it runs. */
  exitCode(): Promise<number | undefined>;
}

export interface EngineEvent {
  type: 'container';
  /** e.g. start, die, destroy, create, connect. */
  action: string;
  id: string;
  /** The object's labels (and, for containers, a few engine attributes such as `name`). */
  labels: Record<string, string>;
}

interface RawEngineEvent {
  Type: EngineEvent['type'];
  Action: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

export interface SwarmState {
  /** inactive, pending, active, error, locked. */
  state: string;
  nodeId: string;
  manager: boolean;
}

interface RawInfo {
  Swarm?: { LocalNodeState?: string; NodeID?: string; ControlAvailable?: boolean };
}

interface RawNode {
  Status?: { Addr?: string };
  ManagerStatus?: { Addr?: string };
  Description?: { Hostname?: string };
}

/** A service as `GET /services` reports it (the parts the Swarm adapter reads). */
export interface SwarmService {
  ID: string;
  Version: { Index: number };
  Spec: Docker.ServiceSpec & { Name: string; Labels?: Record<string, string> };
}

/** A task as `GET /tasks` reports it (the parts the Swarm adapter reads). */
export interface SwarmTask {
  ID: string;
  ServiceID: string;
  NodeID?: string;
  Slot?: number;
  CreatedAt: string;
  DesiredState: string;
  Status: {
    State: string;
    Err?: string;
    Message?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
    PortStatus?: { Ports?: { TargetPort?: number; PublishedPort?: number; PublishMode?: string }[] };
  };
}

interface DockerodeError {
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

/**
 * The only place that talks to dockerode. Every call has a timeout that really aborts the
 * request; "not found" on get is `undefined`; "not found"/"already in progress" on remove is
 * success; errors say which operation failed.
 */
export class DockerClient {
  private readonly docker: Docker;
  private readonly callTimeoutMs: number;
  private readonly imageTimeoutMs: number;
  private readonly onCall: (call: DockerCallRecord) => void;

  constructor(options: DockerClientOptions = {}) {
    this.docker = new Docker({ socketPath: options.socketPath ?? '/var/run/docker.sock' });
    this.callTimeoutMs = options.callTimeoutMs ?? 15_000;
    this.imageTimeoutMs = options.imageTimeoutMs ?? 15 * 60_000;
    this.onCall = options.onCall ?? (() => undefined);
  }

  /** `timeoutMs` (default: the call budget) aborts the request, so a hanging engine cannot hold it. */
  ping(timeoutMs?: number): Promise<void> {
    return this.call(
      'ping',
      async (abortSignal) => {
        // dockerode's ping forwards `abortSignal` to the request; its typings omit the options.
        const ping = this.docker.ping.bind(this.docker) as unknown as (options: {
          abortSignal: AbortSignal;
        }) => Promise<unknown>;
        await ping({ abortSignal });
      },
      timeoutMs,
    );
  }

  // ---- networks ------------------------------------------------------------------------------

  /** A bridge network; `options` are the driver's (e.g. the bridge interface's name). */
  async createNetwork(
    name: string,
    labels: Record<string, string>,
    options: Record<string, string> = {},
  ): Promise<string> {
    return this.call(op`create network ${name}`, async (abortSignal) => {
      const network = await this.docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: labels,
        Options: options,
        abortSignal,
      } as Docker.NetworkCreateOptions);
      return network.id;
    });
  }

  async inspectNetwork(
    name: string,
  ): Promise<{ id: string; labels: Record<string, string>; options: Record<string, string> } | undefined> {
    return this.orUndefinedOn404(op`inspect network ${name}`, async () => {
      const info = (await this.docker.getNetwork(name).inspect()) as Docker.NetworkInspectInfo;
      return {
        id: info.Id as string,
        labels: (info.Labels ?? {}) as Record<string, string>,
        options: (info.Options ?? {}) as Record<string, string>,
      };
    });
  }

  listNetworks(filter: LabelFilter): Promise<{ id: string; name: string; labels: Record<string, string> }[]> {
    return this.call('list networks', async (abortSignal) => {
      const networks = await this.docker.listNetworks({ filters: { label: labelFilters(filter) }, abortSignal });
      return networks.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
    });
  }

  async removeNetwork(idOrName: string): Promise<void> {
    try {
      await this.removeTolerantly(op`remove network ${idOrName}`, [404], (abortSignal) =>
        this.docker.getNetwork(idOrName).remove({ abortSignal }),
      );
    } catch (error) {
      // An overlay network the swarm has just removed is still listed by the local engine for a
      // moment, and removing it then fails with "not found" under another status than 404: gone.
      if (error instanceof DockerCallError && /network \S+ not found/i.test(error.message)) return;
      throw error;
    }
  }

  /**
   * A swarm-scoped overlay network (the Swarm adapter's per-sandbox network): attachable, so a
   * debugging container (or a future API container) can join it; created on a manager.
   */
  async createOverlayNetwork(name: string, labels: Record<string, string>): Promise<string> {
    return this.call(op`create overlay network ${name}`, async (abortSignal) => {
      const network = await this.docker.createNetwork({
        Name: name,
        Driver: 'overlay',
        Attachable: true,
        CheckDuplicate: true,
        Labels: labels,
        abortSignal,
      } as Docker.NetworkCreateOptions);
      return network.id;
    });
  }

  // ---- swarm ---------------------------------------------------------------------------------

  /** Whether this engine is in a swarm, and as what (from `GET /info`). */
  async swarmState(): Promise<SwarmState> {
    const info = (await this.call('info', (abortSignal) =>
      (this.docker.info as unknown as (options: { abortSignal: AbortSignal }) => Promise<RawInfo>)({ abortSignal }),
    )) as RawInfo;
    return {
      state: info.Swarm?.LocalNodeState ?? 'inactive',
      nodeId: info.Swarm?.NodeID ?? '',
      manager: info.Swarm?.ControlAvailable === true,
    };
  }

  /** Makes this engine the manager of a new swarm; `labels` say who made it (a test's reaper reads them). */
  async swarmInit(options: {
    advertiseAddr: string;
    listenAddr: string;
    defaultAddrPool: string[];
    subnetSize: number;
    labels?: Record<string, string>;
  }): Promise<void> {
    await this.call(
      'swarm init',
      (abortSignal) =>
        this.docker.swarmInit({
          ListenAddr: options.listenAddr,
          AdvertiseAddr: options.advertiseAddr,
          DefaultAddrPool: options.defaultAddrPool,
          SubnetSize: options.subnetSize,
          Spec: { Labels: options.labels ?? {} },
          abortSignal,
        }),
      60_000,
    );
  }

  /** The labels of the swarm this engine manages (undefined when it is not a manager). */
  async swarmLabels(): Promise<Record<string, string> | undefined> {
    try {
      const swarm = await this.call('inspect swarm', (abortSignal) =>
        withOptions<{ Spec?: { Labels?: Record<string, string> } }>(this.docker, this.docker.swarmInspect, {
          abortSignal,
        }),
      );
      return swarm.Spec?.Labels ?? {};
    } catch (error) {
      // 503: not a manager; 406: not in a swarm.
      if (error instanceof DockerCallError && (error.statusCode === 503 || error.statusCode === 406)) return undefined;
      throw error;
    }
  }

  async swarmLeave(): Promise<void> {
    await this.call('swarm leave', (abortSignal) => this.docker.swarmLeave({ force: true, abortSignal }), 60_000);
  }

  /** The address other machines (and the API) reach a node's host-mode ports on. */
  async nodeAddress(nodeId: string): Promise<{ addr: string; hostname: string } | undefined> {
    return this.orUndefinedOn404(op`inspect node ${nodeId}`, async (abortSignal) => {
      const node = (await this.docker.getNode(nodeId).inspect({ abortSignal })) as RawNode;
      // A manager that listens on 0.0.0.0 may report that as its address; its manager address is real.
      const managerHost = node.ManagerStatus?.Addr?.replace(/:\d+$/, '');
      const addr = node.Status?.Addr && node.Status.Addr !== '0.0.0.0' ? node.Status.Addr : (managerHost ?? '');
      return { addr, hostname: node.Description?.Hostname ?? nodeId };
    });
  }

  createService(spec: Docker.ServiceSpec): Promise<string> {
    return this.call(op`create service ${spec.Name ?? ''}`, async (abortSignal) => {
      const service = await this.docker.createService({ ...spec, abortSignal } as Docker.CreateServiceOptions);
      return service.id as string;
    });
  }

  inspectService(idOrName: string): Promise<SwarmService | undefined> {
    return this.orUndefinedOn404(op`inspect service ${idOrName}`, (abortSignal) =>
      withOptions<SwarmService>(this.docker.getService(idOrName), Docker.Service.prototype.inspect, { abortSignal }),
    );
  }

  listServices(filter: LabelFilter): Promise<SwarmService[]> {
    return this.call('list services', (abortSignal) =>
      withOptions<SwarmService[]>(this.docker, this.docker.listServices, {
        filters: { label: labelFilters(filter) },
        abortSignal,
      }),
    );
  }

  /** Replaces a service's spec; `version` is the one inspected (the engine refuses a stale one). */
  async updateService(id: string, version: number, spec: Docker.ServiceSpec): Promise<void> {
    await this.call(op`update service ${short(id)}`, (abortSignal) =>
      withOptions(this.docker.getService(id), Docker.Service.prototype.update, { ...spec, version, abortSignal }),
    );
  }

  removeService(idOrName: string): Promise<void> {
    return this.removeTolerantly(op`remove service ${idOrName}`, [404], (abortSignal) =>
      withOptions(this.docker.getService(idOrName), Docker.Service.prototype.remove, { abortSignal }),
    );
  }

  /**
   * The tasks of every service whose labels match, every state: one call, and no "service not
   * found" when a listed service is removed meanwhile (a filter by service id is resolved first).
   */
  listTasksByLabel(filter: LabelFilter): Promise<SwarmTask[]> {
    return this.call(
      'list tasks',
      (abortSignal) =>
        this.docker.listTasks({ filters: { label: labelFilters(filter) }, abortSignal }) as Promise<SwarmTask[]>,
    );
  }

  /** The tasks of the given services (by id or name), every state. */
  listTasks(services: string[]): Promise<SwarmTask[]> {
    if (services.length === 0) return Promise.resolve([]);
    return this.call(
      'list tasks',
      (abortSignal) => this.docker.listTasks({ filters: { service: services }, abortSignal }) as Promise<SwarmTask[]>,
    );
  }

  /** The last `tail` lines a service's tasks wrote, on whichever node they run (read through the manager). */
  async serviceLogs(id: string, tail = 100): Promise<LogLine[]> {
    const buffer = await this.call(op`logs of service ${short(id)}`, (abortSignal) =>
      withOptions(this.docker.getService(id), Docker.Service.prototype.logs, {
        stdout: true,
        stderr: true,
        follow: false,
        tail,
        abortSignal,
      }),
    );
    return framesToLines(buffer as unknown as Buffer);
  }

  /** Follows a service's output as lines until its tasks stop or `signal` aborts. */
  async *followServiceLogs(id: string, options: { tail?: number; signal?: AbortSignal } = {}): AsyncGenerator<LogLine> {
    const raw = (await this.call(op`follow logs of service ${short(id)}`, (abortSignal) =>
      withOptions(this.docker.getService(id), Docker.Service.prototype.logs, {
        stdout: true,
        stderr: true,
        follow: true,
        tail: options.tail ?? 100,
        abortSignal,
      }),
    )) as unknown as Readable;
    yield* this.demuxedLines(raw, options.signal);
  }

  // ---- volumes -------------------------------------------------------------------------------

  async createVolume(name: string, labels: Record<string, string>): Promise<void> {
    await this.call(op`create volume ${name}`, (abortSignal) =>
      this.docker.createVolume({ Name: name, Labels: labels, abortSignal } as Docker.VolumeCreateOptions),
    );
  }

  listVolumes(filter: LabelFilter): Promise<{ name: string; labels: Record<string, string> }[]> {
    return this.call('list volumes', async (abortSignal) => {
      const result = await this.docker.listVolumes({ filters: { label: labelFilters(filter) }, abortSignal });
      return (result.Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
    });
  }

  removeVolume(name: string): Promise<void> {
    return this.removeTolerantly(op`remove volume ${name}`, [404], (abortSignal) =>
      this.docker.getVolume(name).remove({ abortSignal }),
    );
  }

  // ---- containers ----------------------------------------------------------------------------

  createContainer(options: ContainerCreateOptions): Promise<string> {
    return this.call(op`create container ${options.name ?? ''}`, async (abortSignal) => {
      const container = await this.docker.createContainer({ ...options, abortSignal });
      return container.id;
    });
  }

  inspectContainer(idOrName: string): Promise<ContainerInspectInfo | undefined> {
    return this.orUndefinedOn404(op`inspect container ${idOrName}`, (abortSignal) =>
      this.docker.getContainer(idOrName).inspect({ abortSignal }),
    );
  }

  listContainers(filter: LabelFilter, all = true): Promise<ContainerInfo[]> {
    return this.call('list containers', (abortSignal) =>
      this.docker.listContainers({ all, filters: { label: labelFilters(filter) }, abortSignal }),
    );
  }

  async startContainer(id: string): Promise<void> {
    // 304: already running, which is what we wanted.
    await this.removeTolerantly(op`start container ${short(id)}`, [304], (abortSignal) =>
      this.docker.getContainer(id).start({ abortSignal }),
    );
  }

  async stopContainer(id: string, graceSeconds = 5): Promise<void> {
    await this.removeTolerantly(
      op`stop container ${short(id)}`,
      [304, 404],
      (abortSignal) => this.docker.getContainer(id).stop({ t: graceSeconds, abortSignal }),
      this.callTimeoutMs + graceSeconds * 1000,
    );
  }

  removeContainer(id: string): Promise<void> {
    // 409: a removal is already in progress; 404: already gone. Both mean "done".
    return this.removeTolerantly(op`remove container ${short(id)}`, [404, 409], (abortSignal) =>
      this.docker.getContainer(id).remove({ force: true, v: true, abortSignal }),
    );
  }

  /** Runs a command in a running container and collects its demuxed output. */
  exec(id: string, cmd: string[], options: { timeoutMs?: number; user?: string } = {}): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? this.callTimeoutMs;
    return this.call(
      op`exec in ${short(id)}`,
      async (abortSignal) => {
        const container = this.docker.getContainer(id);
        const exec = await container.exec({
          Cmd: cmd,
          AttachStdout: true,
          AttachStderr: true,
          ...(options.user ? { User: options.user } : {}),
          abortSignal,
        } as Docker.ExecCreateOptions);
        const stream = (await exec.start({
          hijack: true,
          stdin: false,
          abortSignal,
        } as Docker.ExecStartOptions)) as Readable;
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        const out = new PassThrough().on('data', (c: Buffer) => stdout.push(c));
        const err = new PassThrough().on('data', (c: Buffer) => stderr.push(c));
        this.docker.modem.demuxStream(stream, out, err);
        await new Promise<void>((resolve, reject) => {
          stream.on('end', resolve).on('close', resolve).on('error', reject);
          abortSignal.addEventListener('abort', () => stream.destroy());
        });
        const info = await exec.inspect({ abortSignal });
        return {
          exitCode: info.ExitCode ?? -1,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        };
      },
      timeoutMs,
    );
  }

  /**
   * An interactive command with a TTY (a terminal's shell): the hijacked connection is the stream
   * (a TTY merges stdout and stderr, so there is nothing to demux). Creating, starting, resizing
   * and inspecting each have the call budget; the stream itself may idle for as long as it is open.
   */
  async execInteractive(
    id: string,
    cmd: string[],
    options: { env?: Record<string, string>; cols: number; rows: number },
  ): Promise<InteractiveExec> {
    const container = this.docker.getContainer(id);
    const exec = await this.call(op`create tty exec in ${short(id)}`, (abortSignal) =>
      container.exec({
        Cmd: cmd,
        Tty: true,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Env: Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
        abortSignal,
      } as Docker.ExecCreateOptions),
    );
    const stream = (await this.call(op`start tty exec in ${short(id)}`, (abortSignal) =>
      exec.start({ hijack: true, stdin: true, Tty: true, abortSignal } as Docker.ExecStartOptions),
    )) as Duplex;
    const resize = (size: { cols: number; rows: number }) =>
      this.call(op`resize tty exec in ${short(id)}`, (abortSignal) =>
        exec.resize({ h: size.rows, w: size.cols, abortSignal } as unknown as { h: number; w: number }),
      ).then(() => undefined);
    // The TTY starts at the engine's default size; the shell learns the real one by SIGWINCH.
    await resize(options).catch((error: unknown) => {
      stream.destroy();
      throw error;
    });
    return {
      stream,
      resize,
      exitCode: async () => {
        const info = await this.call(op`inspect tty exec in ${short(id)}`, (abortSignal) =>
          exec.inspect({ abortSignal }),
        );
        return info.Running ? undefined : (info.ExitCode ?? undefined);
      },
    };
  }

  /** The last `tail` lines of a container's output, stdout and stderr kept apart. */
  async logs(id: string, tail = 100): Promise<LogLine[]> {
    const buffer = await this.call(op`logs of ${short(id)}`, (abortSignal) =>
      this.docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false, tail, abortSignal }),
    );
    return framesToLines(buffer as unknown as Buffer);
  }

  /**
   * Follows a container's output as lines until the container stops or `signal` aborts.
   * Only the request that opens the stream has a timeout; the stream itself may idle.
   */
  async *followLogs(id: string, options: { tail?: number; signal?: AbortSignal } = {}): AsyncGenerator<LogLine> {
    const raw = (await this.call(op`follow logs of ${short(id)}`, (abortSignal) =>
      this.docker.getContainer(id).logs({
        stdout: true,
        stderr: true,
        follow: true,
        tail: options.tail ?? 100,
        abortSignal,
      }),
    )) as unknown as Readable;
    yield* this.demuxedLines(raw, options.signal);
  }

  /** A multiplexed (non-TTY) log stream as lines of both streams, in arrival order. */
  private async *demuxedLines(raw: Readable, signal?: AbortSignal): AsyncGenerator<LogLine> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    this.docker.modem.demuxStream(raw, stdout, stderr);
    const endBoth = () => {
      stdout.end();
      stderr.end();
    };
    raw.on('close', endBoth);
    signal?.addEventListener('abort', () => raw.destroy());

    // Both streams' lines, in arrival order; ends once both streams have ended.
    const merged = new PassThrough({ objectMode: true });
    raw.on('error', (error) => merged.destroy(error));
    let open = 2;
    for (const [name, source] of [
      ['stdout', stdout],
      ['stderr', stderr],
    ] as const) {
      createInterface({ input: source, crlfDelay: Infinity })
        .on('line', (text) => merged.write({ stream: name, text }))
        .on('close', () => --open === 0 && merged.end());
    }
    for await (const line of merged) yield line as LogLine;
  }

  // ---- events --------------------------------------------------------------------------------

  /**
   * Container events for containers carrying the given labels, as they happen, until the engine
   * closes the stream or `signal` aborts. Only opening the stream has a timeout. (Network and
   * volume events carry no labels, so a label filter would never match them.)
   */
  async *events(filter: LabelFilter, options: { signal?: AbortSignal } = {}): AsyncGenerator<EngineEvent> {
    const stream = (await this.call('subscribe to events', (abortSignal) =>
      this.docker.getEvents({
        filters: { label: labelFilters(filter), type: ['container'] },
        abortSignal,
      } as Docker.GetEventsOptions),
    )) as unknown as Readable;
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    // Closing the interface ends the loop below; destroying the stream alone would not (no 'end').
    options.signal?.addEventListener('abort', () => {
      lines.close();
      stream.destroy();
    });
    try {
      for await (const line of lines) {
        if (!line.trim()) continue;
        const raw = JSON.parse(line) as RawEngineEvent;
        yield { type: raw.Type, action: raw.Action, id: raw.Actor?.ID ?? '', labels: raw.Actor?.Attributes ?? {} };
      }
    } catch (error) {
      if (!options.signal?.aborted) throw error;
    }
  }

  // ---- images --------------------------------------------------------------------------------

  inspectImage(reference: string): Promise<ImageInspectInfo | undefined> {
    return this.orUndefinedOn404(op`inspect image ${reference}`, () => this.docker.getImage(reference).inspect());
  }

  async pullImage(reference: string, onProgress: (event: ProgressEvent) => void, timeoutMs?: number): Promise<void> {
    await this.call(
      op`pull ${reference}`,
      async (abortSignal) => {
        const stream = (await this.docker.pull(reference, { abortSignal })) as Readable;
        await this.followProgress(stream, onProgress, abortSignal);
      },
      timeoutMs ?? this.imageTimeoutMs,
    );
  }

  /** Builds `contextDir` (all files) into `tag`; build errors reject with the builder's message. */
  async buildImage(
    contextDir: string,
    files: string[],
    options: { tag: string; buildArgs?: Record<string, string>; labels?: Record<string, string> },
    onProgress: (event: ProgressEvent) => void,
  ): Promise<void> {
    await this.call(
      op`build ${options.tag}`,
      async (abortSignal) => {
        const stream = (await this.docker.buildImage({ context: contextDir, src: files }, {
          t: options.tag,
          buildargs: options.buildArgs ?? {},
          labels: options.labels ?? {},
          rm: true,
          forcerm: true,
          abortSignal,
        } as Docker.ImageBuildOptions)) as unknown as Readable;
        await this.followProgress(stream, onProgress, abortSignal);
      },
      this.imageTimeoutMs,
    );
  }

  removeImage(reference: string): Promise<void> {
    return this.removeTolerantly(op`remove image ${reference}`, [404], (abortSignal) =>
      this.docker.getImage(reference).remove({ force: true, abortSignal }),
    );
  }

  /** For the bench's floor only: the same engine, no wrapper. */
  get raw(): Docker {
    return this.docker;
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private followProgress(stream: Readable, onProgress: (e: ProgressEvent) => void, signal: AbortSignal) {
    return new Promise<void>((resolve, reject) => {
      signal.addEventListener('abort', () => stream.destroy());
      this.docker.modem.followProgress(
        stream,
        (error: Error | null, events: ProgressEvent[]) => {
          const failed = events.find((e) => e.error || e.errorDetail);
          if (error) reject(error);
          else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error ?? 'unknown error'));
          else resolve();
        },
        onProgress,
      );
    });
  }

  private async call<T>(
    operation: Operation | string,
    fn: (signal: AbortSignal) => Promise<T>,
    timeoutMs = this.callTimeoutMs,
  ): Promise<T> {
    const { kind, text } = typeof operation === 'string' ? { kind: operation, text: operation } : operation;
    const started = performance.now();
    const report = (outcome: DockerCallRecord['outcome']) =>
      this.onCall({ kind, durationMs: performance.now() - started, outcome });
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // Race as well as abort: a few dockerode methods do not forward the signal to the request.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new DockerTimeoutError(text, timeoutMs));
      }, timeoutMs);
    });
    try {
      const result = await Promise.race([fn(controller.signal), timeout]);
      report('ok');
      return result;
    } catch (error) {
      if (error instanceof DockerTimeoutError || controller.signal.aborted) {
        report('timeout');
        throw error instanceof DockerTimeoutError ? error : new DockerTimeoutError(text, timeoutMs);
      }
      const failure = toDockerCallError(text, error);
      const status = failure.statusCode ?? 0;
      report(status >= 300 && status < 500 ? 'rejected' : 'error');
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  private async orUndefinedOn404<T>(
    operation: Operation | string,
    fn: (signal: AbortSignal) => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await this.call(operation, fn);
    } catch (error) {
      if (error instanceof DockerCallError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  private async removeTolerantly(
    operation: Operation | string,
    tolerated: number[],
    fn: (signal: AbortSignal) => Promise<unknown>,
    timeoutMs?: number,
  ): Promise<void> {
    try {
      await this.call(operation, fn, timeoutMs);
    } catch (error) {
      if (error instanceof DockerCallError && error.statusCode && tolerated.includes(error.statusCode)) return;
      throw error;
    }
  }
}

function toDockerCallError(operation: string, error: unknown): DockerCallError {
  const e = error as DockerodeError;
  // `reason` is only the status text ("server error"); the message carries the engine's words.
  const detail = e?.json?.message ?? e?.message ?? e?.reason ?? String(error);
  return new DockerCallError(operation, e?.statusCode, String(detail).trim());
}

/**
 * Calls a dockerode method with an options object its typings omit (e.g. `abortSignal` on service
 * calls, which dockerode forwards to the request all the same).
 */
function withOptions<T = unknown>(self: object, method: unknown, options: object): Promise<T> {
  return (method as (this: object, options: object) => Promise<T>).call(self, options);
}

function framesToLines(buffer: Buffer): LogLine[] {
  const lines: LogLine[] = [];
  for (const frame of decodeDockerFrames(buffer)) {
    for (const text of splitLines(frame.payload.toString('utf8'))) lines.push({ stream: frame.stream, text });
  }
  return lines;
}

export function short(id: string): string {
  return id.length === 64 ? id.slice(0, 12) : id;
}
