import { Injectable, PipeTransform } from '@nestjs/common';
import { SandboxNotFoundException } from './sandbox.errors';

/**
 * A malformed id cannot name a sandbox: answer exactly as for an unknown one (404), so the shape
 * of ids is no oracle, and never pass arbitrary strings on to the database or the engine.
 */
@Injectable()
export class SandboxIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^sb-[0-9a-f]{16}$/.test(value)) throw new SandboxNotFoundException(value.slice(0, 40));
    return value;
  }
}
