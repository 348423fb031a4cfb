import { jest } from '@jest/globals';
import { visitFault } from './visit-fault.js';

describe('visitFault (the kill test’s failpoint)', () => {
  it('does nothing outside tests, or without a failpoint', () => {
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    try {
      const inProduction = visitFault('after-insert:1', 'production');
      const withoutSpec = visitFault(undefined, 'test');
      for (let i = 0; i < 3; i++) {
        inProduction();
        withoutSpec();
      }
      expect(kill).not.toHaveBeenCalled();
    } finally {
      kill.mockRestore();
    }
  });

  it('kills the process with SIGKILL at the n-th stored request only', () => {
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    try {
      const afterInsert = visitFault('after-insert:2', 'test');
      afterInsert();
      expect(kill).not.toHaveBeenCalled();
      afterInsert();
      expect(kill).toHaveBeenCalledTimes(1);
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGKILL');
      afterInsert();
      expect(kill).toHaveBeenCalledTimes(1);
    } finally {
      kill.mockRestore();
    }
  });
});
