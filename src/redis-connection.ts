import { Cluster, Redis } from 'ioredis';
import type { HostPort, RedisTopology } from './config.ts';

/** A connection BullMQ and our own keys can use: one server (directly or through Sentinel), or a Cluster. */
export type RedisClient = Redis | Cluster;

const list = (nodes: HostPort[]) => nodes.map((n) => `${n.host}:${n.port}`).join(',');

/** Where a failure to connect points the operator: the setting that names the servers. */
function describe(topology: RedisTopology): string {
  switch (topology.kind) {
    case 'single':
      return `at ${topology.url.replace(/\/\/[^@/]*@/, '//***@')} (REDIS_URL)`;
    case 'cluster':
      return `as a cluster at ${list(topology.nodes)} (REDIS_CLUSTER_NODES)`;
    case 'sentinel':
      return `as master "${topology.name}" through the sentinels ${list(topology.sentinels)} (REDIS_SENTINELS, REDIS_SENTINEL_NAME)`;
  }
}

/**
 * Opens the topology the config names. BullMQ needs maxRetriesPerRequest: null on
 * every connection (a Cluster passes it to the nodes it opens, and BullMQ
 * duplicates it for its blocking connections). After a failover ioredis finds the
 * new master itself: through the sentinels, or the cluster's MOVED answers.
 */
function open(topology: RedisTopology): RedisClient {
  const common = { maxRetriesPerRequest: null, lazyConnect: true, enableOfflineQueue: true } as const;
  switch (topology.kind) {
    case 'single':
      return new Redis(topology.url, common);
    case 'cluster':
      return new Cluster(topology.nodes, {
        lazyConnect: true,
        enableOfflineQueue: true,
        redisOptions: { maxRetriesPerRequest: null, ...(topology.password ? { password: topology.password } : {}) },
        // While a replica takes over a dead master's slots, keep asking instead of failing the command.
        retryDelayOnClusterDown: 300,
        retryDelayOnFailover: 200,
      });
    case 'sentinel':
      return new Redis({ ...common, sentinels: topology.sentinels, name: topology.name, ...(topology.password ? { password: topology.password } : {}) });
  }
}

/**
 * Connects or fails within `timeoutMs` with a message naming the setting,
 * instead of ioredis's default of retrying silently forever. Once connected,
 * ioredis reconnects on its own.
 */
export async function connectRedis(topology: RedisTopology, timeoutMs = 5000): Promise<RedisClient> {
  const redis = open(topology);
  redis.on('error', () => {}); // reconnects are logged by whoever cares; an unhandled 'error' would crash the process
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs).unref());
  try {
    await Promise.race([redis.connect(), timeout]);
    await redis.ping();
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new Error(`Redis is not reachable ${describe(topology)}: ${(err as Error).message}. Start it, or point the setting at it.`);
  }
}
