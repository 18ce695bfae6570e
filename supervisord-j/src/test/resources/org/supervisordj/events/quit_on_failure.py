# Shuts the daemon down (supervisor.shutdown over XML-RPC) as soon as any program goes FATAL,
# as containers do so that their orchestrator notices; first notes why on stderr (its log).
import os
import sys

from supervisor import childutils

rpc = childutils.getRPCInterface(os.environ)
while True:
    headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    if headers['eventname'] == 'PROCESS_STATE_FATAL':
        pheaders, _ = childutils.eventdata(payload + '\n')
        sys.stderr.write('%s is FATAL: shutting supervisord down\n' % pheaders['processname'])
        sys.stderr.flush()
        childutils.listener.ok(sys.stdout)
        rpc.supervisor.shutdown()
        continue
    childutils.listener.ok(sys.stdout)
