import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createFsDriver, createMemoryDriver } from '../../src/store/index.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { driverContract, type DriverFixture } from './driver-contract.ts';
import { recordsContract } from './records-contract.ts';

// One suite per layer, every driver: the port's behaviour is the contract, not any one implementation.
const drivers: DriverFixture[] = [
  { name: 'memory', create: async () => ({ driver: createMemoryDriver(), cleanup: async () => {} }) },
  {
    name: 'filesystem',
    create: async () => {
      const dir = await makeTempDir();
      return { driver: createFsDriver(join(dir, 'snapshots')), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
];

for (const fixture of drivers) {
  driverContract(fixture);
  recordsContract(fixture);
}
