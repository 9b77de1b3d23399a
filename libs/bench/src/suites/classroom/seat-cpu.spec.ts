import { describeSeatCpu, machineBusySeconds } from './seat-cpu';

describe('describeSeatCpu', () => {
  it('splits the machine’s busy time per seat into the seats’ containers, by service, and the rest', () => {
    const seats = [
      new Map([
        ['app', 1.0],
        ['postgres', 0.8],
      ]),
      new Map([
        ['app', 1.2],
        ['postgres', 1.0],
      ]),
    ];
    expect(describeSeatCpu(2, 10, seats)).toBe(
      "5.00 core-s per seat: 2.00 in the seat's containers (app 1.10, postgres 0.90), 3.00 outside them (the engine — dockerd, containerd, runc, docker-proxy, iptables, the kernel's network set-up — and this bench)",
    );
  });
});

describe('machineBusySeconds', () => {
  it('grows while the machine works', () => {
    const before = machineBusySeconds();
    const until = Date.now() + 100;
    while (Date.now() < until); // keep a core busy for 0.1 s
    const after = machineBusySeconds();
    expect(after! - before!).toBeGreaterThan(0);
  });
});
