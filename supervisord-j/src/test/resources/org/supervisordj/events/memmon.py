# A small memmon, as superlance's works: on each TICK it asks the daemon over XML-RPC
# (childutils.getRPCInterface, i.e. SUPERVISOR_SERVER_URL) for every process, reads each one's
# RSS, and restarts (stopProcess, startProcess) those over their limit. It notes each restart on
# stderr (its log) and as a line "name old-pid rss" in the file given with -r.
#   memmon.py -p NAME=BYTES [-p ...] -r RESTARTS_FILE
import argparse
import os
import sys

from supervisor import childutils
from supervisor.datatypes import byte_size

parser = argparse.ArgumentParser()
parser.add_argument('-p', dest='programs', action='append', default=[])
parser.add_argument('-r', dest='restarts', required=True)
args = parser.parse_args()
limits = {name: byte_size(size) for name, size in (p.split('=', 1) for p in args.programs)}
rpc = childutils.getRPCInterface(os.environ)


def rss(pid):
    try:
        with open('/proc/%d/status' % pid) as status:
            for line in status:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None  # gone meanwhile
    return None


while True:
    headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    if headers['eventname'].startswith('TICK'):
        for info in rpc.supervisor.getAllProcessInfo():
            limit = limits.get(info['name'])
            used = rss(info['pid']) if info['pid'] else None
            if limit is None or used is None or used <= limit:
                continue
            name = '%s:%s' % (info['group'], info['name'])
            sys.stderr.write('RSS of %s is %d, over %d: restarting\n' % (name, used, limit))
            sys.stderr.flush()
            rpc.supervisor.stopProcess(name)
            rpc.supervisor.startProcess(name)
            with open(args.restarts, 'a') as out:
                out.write('%s %d %d\n' % (info['name'], info['pid'], used))
    childutils.listener.ok(sys.stdout)
