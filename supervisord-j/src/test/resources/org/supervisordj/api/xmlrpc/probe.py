# Calls XML-RPC methods over the Unix socket with supervisor's own transport and prints one
# normalized line per call (pids, times, versions, paths masked), so that the output of a run
# against supervisord-j can be compared with one against supervisord 4.2.5.
#   python3 probe.py <socket> <dir>
import http.client
import json
import os
import re
import sys
import time
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

SOCKET, DIR = sys.argv[1], sys.argv[2]


def connect():
    return xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + SOCKET))


proxy = connect()

MASKED = {'pid', 'start', 'stop', 'now'}


def norm(v, key=None):
    if isinstance(v, dict):
        return {k: norm(x, k) for k, x in sorted(v.items())}
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, bool):
        return v
    if isinstance(v, int) and key in MASKED:
        return 'ZERO' if v == 0 else type(v).__name__
    if isinstance(v, str):
        v = v.replace(DIR, 'DIR')
        v = re.sub(r'---compat-[^/]*\.log', '---compat-RANDOM.log', v)
        v = re.sub(r'pid \d+, uptime \d+:\d\d:\d\d', 'pid PID, uptime UPTIME', v)
        v = re.sub(r'[A-Z][a-z][a-z] \d\d \d\d:\d\d [AP]M', 'DATE', v)
    return v


def call(name, *args, mask=False, sort=False):
    try:
        fn = proxy
        for part in name.split('.'):
            fn = getattr(fn, part)
        value = fn(*args)
        if sort:  # supervisord's order of results answered after a wait is a race
            value = sorted(value, key=lambda s: (s['group'], s['name']))
        out = {'value': 'MASKED(%s)' % type(value).__name__ if mask else norm(value)}
    except xmlrpc.client.Fault as f:
        out = {'faultCode': f.faultCode, 'faultString': norm(f.faultString)}
    print(json.dumps({'call': [name] + [repr(a) for a in args], **out}, sort_keys=True))
    sys.stdout.flush()


def until(predicate, what):
    deadline = time.time() + 30
    while not predicate():
        if time.time() > deadline:
            raise SystemExit('timed out waiting for ' + what)
        time.sleep(0.05)


def state(name):
    try:
        return proxy.supervisor.getProcessInfo(name)['statename']
    except xmlrpc.client.Fault:
        return None  # not there yet


until(lambda: state('web') == 'RUNNING' and state('hup') == 'RUNNING', 'web and hup RUNNING')
until(lambda: 'ready' in proxy.supervisor.readProcessStdoutLog('hup', 0, 0), 'hup ready')

call('supervisor.getAPIVersion')
call('supervisor.getVersion')
call('supervisor.getSupervisorVersion', mask=True)
call('supervisor.getIdentification')
call('supervisor.getState')
call('supervisor.getPID', mask=True)
call('system.listMethods')
for m in ('supervisor.startProcess', 'supervisor.getProcessInfo', 'system.multicall', 'supervisor.readLog'):
    call('system.methodHelp', m)
    call('system.methodSignature', m)
call('system.methodHelp', 'supervisor.nosuch')
call('system.methodSignature', 'nosuch')
call('supervisor.nosuch')
call('supervisor._update', 'x')
call('supervisor.getPID.x')
call('nosuch.getPID')
call('supervisor.getPID', 1)
call('supervisor.getProcessInfo')
call('supervisor.getProcessInfo', 'web')
call('supervisor.getProcessInfo', 'lazy')
call('supervisor.getProcessInfo', 'nosuch')
call('supervisor.getProcessInfo', 'grp')
call('supervisor.getProcessInfo', 'grp:*')
call('supervisor.getProcessInfo', 'grp:a')
call('supervisor.getProcessInfo', 'web:web')
call('supervisor.getAllProcessInfo')
call('supervisor.startProcess', 'nosuch')
call('supervisor.startProcess', 'web')
call('supervisor.startProcess', 'lazy', False)
call('supervisor.stopProcess', 'lazy')
call('supervisor.stopProcess', 'lazy')
call('supervisor.startProcess', 'lazy')
call('supervisor.getProcessInfo', 'lazy')
call('supervisor.startProcessGroup', 'grp')
call('supervisor.startProcessGroup', 'nosuch')
call('supervisor.stopProcessGroup', 'grp', sort=True)
call('supervisor.startProcess', 'grp:*')
call('supervisor.stopProcess', 'grp:', sort=True)
call('supervisor.startProcess', 'broken')
until(lambda: state('broken') == 'FATAL', 'broken FATAL')
call('supervisor.getProcessInfo', 'broken')
call('supervisor.signalProcess', 'hup', 'HUP')
until(lambda: 'got-hup' in proxy.supervisor.readProcessStdoutLog('hup', 0, 0), 'hup got HUP')
call('supervisor.signalProcess', 'hup', 'SIGUSR1x')
call('supervisor.signalProcess', 'hup', 0)
call('supervisor.signalProcess', 'lazy', 'WINCH')
call('supervisor.stopProcess', 'lazy')
call('supervisor.signalProcess', 'lazy', 'WINCH')
call('supervisor.signalProcess', 'nosuch', 'HUP')
call('supervisor.signalProcessGroup', 'grp', 'HUP')
call('supervisor.signalAllProcesses', 'WINCH')
call('supervisor.signalAllProcesses', 'NOPE')
call('supervisor.readProcessStdoutLog', 'web', 0, 0)
call('supervisor.readProcessStdoutLog', 'web', -4, 0)
call('supervisor.readProcessStdoutLog', 'web', 2, 3)
call('supervisor.readProcessStdoutLog', 'web', -4, 2)
call('supervisor.readProcessStdoutLog', 'web', 0, -1)
call('supervisor.readProcessStdoutLog', 'web', 1000, 10)
call('supervisor.readProcessStderrLog', 'web', 0, 0)
call('supervisor.readProcessStderrLog', 'quiet', 0, 0)
call('supervisor.readProcessStdoutLog', 'nosuch', 0, 0)
call('supervisor.readProcessLog', 'web', 0, 5)
call('supervisor.tailProcessStdoutLog', 'web', 0, 3)
call('supervisor.tailProcessStdoutLog', 'web', 0, 100)
call('supervisor.tailProcessStdoutLog', 'web', 100, 10)
call('supervisor.tailProcessStderrLog', 'web', 2, 5)
call('supervisor.tailProcessStderrLog', 'quiet', 0, 5)
call('supervisor.tailProcessLog', 'web', 0, 4)
call('supervisor.readLog', 0, 5, mask=True)
call('supervisor.readLog', -5, 1)
call('system.multicall', [{'methodName': 'supervisor.getAPIVersion'},
                          {'methodName': 'supervisor.getProcessInfo', 'params': ['nosuch']},
                          {'methodName': 'supervisor.startProcess', 'params': ['lazy']},
                          {'methodName': 'system.multicall', 'params': [[]]},
                          {'params': []},
                          {'methodName': 'supervisor.stopProcess', 'params': ['lazy']}])
call('system.multicall', [{'methodName': 'supervisor.getAllProcessInfo'},  # the cached answer, nested
                          {'methodName': 'supervisor.getAllProcessInfo', 'params': [1]},
                          {'methodName': 'supervisor.getAPIVersion'}])
call('supervisor.readMainLog', -5, 1)
until(lambda: state('echo') == 'RUNNING', 'echo RUNNING')
call('supervisor.sendProcessStdin', 'echo', 'hello \u00e9\n')
call('supervisor.sendProcessStdin', 'echo', 'again\n')
until(lambda: 'again' in proxy.supervisor.readProcessStdoutLog('echo', 0, 0), 'echo echoed')
call('supervisor.readProcessStdoutLog', 'echo', 0, 0)
call('supervisor.sendProcessStdin', 'quiet', 'x')
call('supervisor.sendProcessStdin', 'nosuch', 'x')
call('supervisor.sendProcessStdin', 'grp', 'x')
call('supervisor.sendProcessStdin', 'echo')
call('supervisor.clearProcessLogs', 'web')
call('supervisor.readProcessStdoutLog', 'web', 0, 0)
call('supervisor.clearProcessLogs', 'grp')
call('supervisor.clearProcessLog', 'nosuch')
call('supervisor.clearAllProcessLogs')
call('supervisor.getAllConfigInfo')
call('supervisor.reloadConfig')
with open(os.path.join(DIR, 'supervisord.conf'), 'a') as f:
    f.write('\n[program:extra]\ncommand=/bin/sleep 600\nstartsecs=0\n')
call('supervisor.reloadConfig')
call('supervisor.addProcessGroup', 'extra')
until(lambda: state('extra') == 'RUNNING', 'extra RUNNING')
call('supervisor.addProcessGroup', 'extra')
call('supervisor.addProcessGroup', 'nosuch')
call('supervisor.removeProcessGroup', 'extra')
call('supervisor.stopProcess', 'extra')
call('supervisor.removeProcessGroup', 'extra')
call('supervisor.removeProcessGroup', 'nosuch')
call('supervisor.getProcessInfo', 'extra')
call('supervisor.addProcessGroup', 'extra')
call('supervisor.clearLog')
call('supervisor.clearLog', 1)
call('supervisor.sendRemoteCommEvent', 'compat', 'data')
call('supervisor.sendRemoteCommEvent', 'compat')
call('supervisor.stopAllProcesses', sort=True)
call('supervisor.startAllProcesses', sort=True)
until(lambda: state('web') == 'RUNNING', 'web RUNNING')
web = proxy.supervisor.getProcessInfo('web')['pid']
call('supervisor.restart')


def restarted():
    global proxy
    proxy = connect()  # a connection cut by supervisord's restart is not reusable
    try:
        info = proxy.supervisor.getProcessInfo('web')
        return info['pid'] != web and info['statename'] == 'RUNNING' and state('extra') == 'RUNNING'
    except (OSError, http.client.HTTPException, xmlrpc.client.Error):
        return False  # supervisord's socket is away while it restarts


until(restarted, 'the restart')
call('supervisor.getState')
call('supervisor.getProcessInfo', 'extra')
call('supervisor.stopAllProcesses', sort=True)
call('supervisor.getAllProcessInfo')
call('supervisor.shutdown')
