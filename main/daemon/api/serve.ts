// Serves a Daemon on the local API and publishes the runtime file; close() undoes both.
import type { Daemon } from '../daemon';
import { DAEMON_VERSION } from '../daemon';
import { apiRuntimeFile, runtimeDir } from '../paths';
import { createDispatcher } from './dispatcher';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file';
import { startApiServer, type ApiServer, type ApiServerOptions } from './server';

export interface ServeOptions extends Pick<ApiServerOptions, 'allowedOrigins' | 'httpHandler' | 'port'> {
  runtimeDir?: string;
}

export async function serveDaemon(daemon: Daemon, opts: ServeOptions = {}): Promise<ApiServer & { runtimeFile: string }> {
  const server = await startApiServer({
    dispatch: createDispatcher(daemon.api, daemon.log),
    events: daemon.events,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.allowedOrigins ? { allowedOrigins: opts.allowedOrigins } : {}),
    ...(opts.httpHandler ? { httpHandler: opts.httpHandler } : {}),
  });
  const runtimeFile = apiRuntimeFile(opts.runtimeDir ?? runtimeDir());
  await writeRuntimeFile(runtimeFile, { port: server.port, token: server.token, pid: process.pid, version: DAEMON_VERSION });
  return {
    ...server,
    runtimeFile,
    close: async () => {
      await removeRuntimeFile(runtimeFile);
      await server.close();
    },
  };
}
