import { GIB, type SimCephState, type SimCrash, type SimOsd } from './state.js';

/*
 * Starting states, written by hand after the Rook cluster's text outputs in shared/corpus/ceph
 * (7–9 SSD OSDs of 0.40–0.87 TiB, pools standard-rwo/-rwx-metadata/-rwx-data0/.mgr with 177 PGs,
 * mons f,h,j, mgr a active with b standby, prometheus mgr module crashes on Tentacle, stalled reads
 * in the DB device, a Global Recovery Event). Names follow docs/DEMO-WORLD.md: 9 OSDs, three on
 * each of onyx, jasper and opal.
 */

const HOSTS = ['onyx', 'jasper', 'opal'];
const WEIGHTS = [0.4028, 0.4028, 0.4548, 0.4028, 0.8685, 0.4028, 0.4658, 0.4028, 0.4028];

function osds(): SimOsd[] {
  return WEIGHTS.map((w, id) => ({
    id,
    host: HOSTS[Math.floor(id / 3)]!,
    deviceClass: 'ssd',
    crushWeight: w,
    reweight: 1,
    up: true,
    diskFailed: false,
    slowOps: 0,
    stalledRead: false,
    slowSince: null,
  }));
}

function base(now: number): SimCephState {
  return {
    fsid: '5b1d2c47-9a0e-4f3b-8c61-2e7f0a9d4b13',
    version: '20.2.0',
    versionHash: '69f84cc2651aa259a15bc192ddaabd3baba07489',
    releaseName: 'tentacle',
    mons: { names: ['f', 'h', 'j'], quorum: ['f', 'h', 'j'] },
    mgr: {
      active: 'a',
      standbys: ['b'],
      modules: ['dashboard', 'iostat', 'nfs', 'prometheus', 'restful', 'rook'],
      failedModules: [],
      activeSince: now - 26 * 3600_000,
    },
    osds: osds(),
    flags: new Set(),
    pools: [
      { id: 1, name: 'standard-rwo', pgNum: 128, storedBytes: 629 * GIB, objects: 162_630, size: 2 },
      { id: 2, name: 'standard-rwx-metadata', pgNum: 16, storedBytes: 19 * 1024 ** 2, objects: 28, size: 2 },
      { id: 3, name: 'standard-rwx-data0', pgNum: 32, storedBytes: 44 * 1024, objects: 0, size: 2 },
      { id: 4, name: '.mgr', pgNum: 1, storedBytes: 32 * 1024 ** 2, objects: 9, size: 3 },
    ],
    crashes: [],
    recovery: null,
    epoch: 4127,
    clientIo: { readBytesSec: 852, writeBytesSec: 22 * 1024, readOpSec: 1, writeOpSec: 3 },
  };
}

/** Every OSD up and in, no flags, no crashes: HEALTH_OK. */
export function healthyState(now: number = Date.now()): SimCephState {
  return base(now);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/(\.\d{3})Z$/, '$1417Z');
}

function uuid(n: number): string {
  const hex = (n * 2654435761).toString(16).padStart(8, '0').slice(-8);
  return `${hex}-9d75-4a86-8b30-${hex}d935`;
}

/** A crash report like the production ones (prometheus module on Tentacle, a BlueStore abort). */
export function crashMeta(kind: 'mgr-module' | 'osd', entity: string, host: string, at: number, n: number): SimCrash['meta'] {
  const timestamp = iso(at);
  const common = {
    crash_id: `${timestamp}_${uuid(n)}`,
    timestamp,
    entity_name: entity,
    ceph_version: '20.2.0',
    os_id: 'centos',
    os_name: 'CentOS Stream',
    os_version: '9',
    os_version_id: '9',
    utsname_hostname: host,
    utsname_machine: 'x86_64',
    utsname_release: '6.11.9-100.fc39.x86_64',
    utsname_sysname: 'Linux',
    utsname_version: '#1 SMP PREEMPT_DYNAMIC Sun Nov 17 18:52:19 UTC 2024',
  };
  if (kind === 'mgr-module') {
    return {
      ...common,
      backtrace: [
        '  File "/usr/share/ceph/mgr/prometheus/module.py", line 2048, in serve\n    self.configure(server_addr, server_port)',
        '  File "/usr/lib64/python3.9/logging/__init__.py", line 367, in getMessage\n    msg = msg % self.args',
        'TypeError: not all arguments converted during string formatting',
      ],
      mgr_module: 'prometheus',
      mgr_module_caller: 'PyModuleRunner::serve',
      mgr_python_exception: 'TypeError',
      process_name: 'ceph-mgr',
      stack_sig: '2b55a95864ec04efbf58dc7afa6b8642f682f0f937d7bef4be4da7f8d78ff856',
    };
  }
  return {
    ...common,
    assert_condition: 'abort',
    assert_func: 'void BlueStore::_txc_add_transaction(BlueStore::TransContext*, ObjectStore::Transaction*)',
    assert_msg: `BlueStore.cc: In function 'void BlueStore::_txc_add_transaction(BlueStore::TransContext*, ObjectStore::Transaction*)' thread 7f3b2d7fe700 time ${timestamp}\nBlueStore.cc: 12837: ceph_abort_msg("unexpected error")\n`,
    assert_thread_name: 'tp_osd_tp',
    backtrace: [
      '/lib64/libc.so.6(+0x3e730) [0x7f0000000730]',
      'abort()',
      '(BlueStore::_txc_add_transaction(BlueStore::TransContext*, ObjectStore::Transaction*)+0x9a4) [0x55e000000100]',
    ],
    process_name: 'ceph-osd',
    stack_sig: '506d45d92f52e25497686ebbc43b610afdf0f9584d77c4e12fa6d08608e57bec',
  };
}

/**
 * The demo's degraded start (docs/DEMO-WORLD.md): HEALTH_ERR from the failed prometheus module and
 * its crash, two OSD daemon crashes, stalled reads and slow ops on osd.3 and osd.7, noout left set,
 * osd.5 reweighted to 0, osd.8 down and out on a dead disk, and a recovery under way.
 */
export function degradedDemoState(now: number = Date.now(), recoveryMs = 90_000): SimCephState {
  const s = base(now);
  const hour = 3600_000;
  s.mgr.failedModules = [{ module: 'prometheus', error: 'not all arguments converted during string formatting' }];
  s.crashes = [
    { meta: crashMeta('mgr-module', 'mgr.a', 'rook-ceph-mgr-a-5fb858f4f-4ctkb', now - 30 * hour, 1), archived: null },
    { meta: crashMeta('osd', 'osd.3', 'jasper', now - 20 * hour, 2), archived: null },
    { meta: crashMeta('osd', 'osd.7', 'opal', now - 6 * hour, 3), archived: null },
  ];
  for (const id of [3, 7]) {
    const osd = s.osds[id]!;
    osd.slowOps = id === 3 ? 23 : 9;
    osd.stalledRead = true;
    osd.slowSince = now - (id === 3 ? 412_000 : 187_000);
  }
  s.flags.add('noout');
  s.osds[5]!.reweight = 0;
  Object.assign(s.osds[8]!, { up: false, reweight: 0, diskFailed: true });
  // Recovery from taking osd.5 and osd.8 out: 40 % done, the rest over the next recoveryMs.
  s.recovery = { startedAt: now - (recoveryMs * 0.4) / 0.6, durationMs: recoveryMs / 0.6, misplacedTotal: 26_241 };
  return s;
}
