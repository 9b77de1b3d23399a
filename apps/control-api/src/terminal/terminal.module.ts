import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { LabConfigModule } from '../config.module';
import { ExamplesModule } from '../examples/examples.module';
import { RuntimeModule } from '../runtime/runtime.module';
import { SandboxesModule } from '../sandboxes/sandboxes.module';
import { TokensModule } from '../tokens/tokens.module';
import { SandboxTerminalController } from './terminal.controller';
import { TerminalGateway } from './terminal.gateway';
import { TerminalSessions } from './terminal-sessions';
import { DEFAULT_TERMINAL_TIMING, TERMINAL_TIMING } from './terminal-timing';

/** The workspace's terminal: WebSocket shells in a sandbox's toolbox container. */
@Module({
  imports: [AccessModule, LabConfigModule, ExamplesModule, RuntimeModule, SandboxesModule, TokensModule],
  controllers: [SandboxTerminalController],
  providers: [TerminalGateway, TerminalSessions, { provide: TERMINAL_TIMING, useValue: DEFAULT_TERMINAL_TIMING }],
})
export class TerminalModule {}
