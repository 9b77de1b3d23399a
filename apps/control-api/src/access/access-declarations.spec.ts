import { Controller, Get, Module, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Access } from './access.decorator';
import { auditRouteAccess, controllerRouteAccess, findRoutesWithoutAccess } from './access-declarations';

@Controller('declared')
class DeclaredController {
  @Get()
  @Access('public')
  list(): void {}

  @Post(':id/reset')
  @Access('leader')
  reset(): void {}

  /** Not a route: needs no declaration. */
  helper(): void {}
}

@Access('admin')
@Controller('admin')
class ClassLevelController {
  @Get('stats')
  stats(): void {}

  @Get('public-after-all')
  @Access('public')
  open(): void {}
}

@Controller('forgetful')
class ForgetfulController {
  @Get()
  @Access('student')
  fine(): void {}

  @Post('items')
  forgotten(): void {}
}

@Module({ controllers: [DeclaredController, ClassLevelController] })
class CompleteModule {}

@Module({ imports: [CompleteModule], controllers: [ForgetfulController] })
class IncompleteModule {}

describe('route access declarations', () => {
  it('reads the access of each route, from the handler or else its controller', () => {
    expect(controllerRouteAccess(DeclaredController)).toEqual([
      { controller: 'DeclaredController', handler: 'list', route: 'GET /declared', access: 'public' },
      { controller: 'DeclaredController', handler: 'reset', route: 'POST /declared/:id/reset', access: 'leader' },
    ]);
    expect(controllerRouteAccess(ClassLevelController).map((r) => [r.handler, r.access])).toEqual([
      ['stats', 'admin'],
      ['open', 'public'],
    ]);
  });

  it('finds nothing to report in an application whose routes all declare access', async () => {
    const app = await Test.createTestingModule({ imports: [CompleteModule] }).compile();
    expect(auditRouteAccess(app)).toHaveLength(4);
    expect(findRoutesWithoutAccess(app)).toEqual([]);
    await app.close();
  });

  it('reports the route that forgot @Access, in any module of the application', async () => {
    const app = await Test.createTestingModule({ imports: [IncompleteModule] }).compile();
    expect(findRoutesWithoutAccess(app)).toEqual([
      { controller: 'ForgetfulController', handler: 'forgotten', route: 'POST /forgetful/items', access: undefined },
    ]);
    await app.close();
  });
});
