import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

/**
 * Ids of tokens revoked in this process, as they are revoked: what a token opened (server-sent
 * event streams) ends at once. Other processes learn it from the database (streams re-verify).
 */
@Injectable()
export class TokenRevocations implements OnModuleDestroy {
  private readonly revoked = new Subject<string>();

  announce(tokenId: string): void {
    this.revoked.next(tokenId);
  }

  get ids(): Observable<string> {
    return this.revoked.asObservable();
  }

  onModuleDestroy(): void {
    this.revoked.complete();
  }
}
