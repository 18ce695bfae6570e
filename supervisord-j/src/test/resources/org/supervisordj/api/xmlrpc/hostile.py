# Sends hostile XML-RPC requests to supervisord-j over its Unix socket and checks that each is
# refused with a fault (or an HTTP error for the oversized body) while the daemon and its
# programs carry on.   python3 hostile.py <socket>
import sys
import time
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport, UnixStreamHTTPConnection

SOCKET = sys.argv[1]
proxy = xmlrpc.client.ServerProxy(
    'http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + SOCKET))


def post(body):
    conn = UnixStreamHTTPConnection('localhost')
    conn.socketfile = SOCKET
    try:
        conn.request('POST', '/RPC2', body, {'Content-Type': 'text/xml'})
        r = conn.getresponse()
        return r.status, r.read()
    except (BrokenPipeError, ConnectionResetError) as e:
        return 'closed', str(e).encode()
    finally:
        conn.close()


def expect_fault(what, body, code=2):
    status, data = post(body)
    assert status == 200, '%s: HTTP %s %r' % (what, status, data[:200])
    try:
        xmlrpc.client.loads(data)
    except xmlrpc.client.Fault as f:
        assert f.faultCode == code, '%s: fault %s %s' % (what, f.faultCode, f.faultString)
        assert 'Exception' not in f.faultString and 'java' not in f.faultString, f.faultString
        print('%s: fault %d %s' % (what, f.faultCode, f.faultString[:100]))
        return f.faultString
    raise AssertionError('%s: no fault in %r' % (what, data[:200]))


def programs():
    """Every process's pid and state, and the daemon's pid."""
    infos = proxy.supervisor.getAllProcessInfo()
    return proxy.supervisor.getPID(), {(p['group'], p['name']): (p['pid'], p['statename']) for p in infos}


deadline = time.time() + 30
while any(proxy.supervisor.getProcessInfo(n)['statename'] != 'RUNNING' for n in ('web', 'hup', 'echo')):
    assert time.time() < deadline, 'web, hup and echo never all RUNNING'
    time.sleep(0.05)
before = programs()

with open('/etc/hostname', 'rb') as f:
    secret = f.read().strip()
xxe = ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
       '<methodCall><methodName>supervisor.getProcessInfo</methodName><params><param><value>&x;</value>'
       '</param></params></methodCall>').encode()
text = expect_fault('XXE', xxe)
assert secret.decode() not in text or not secret, text

lol = '<!ENTITY lol0 "lol">' + ''.join(
    '<!ENTITY lol%d "%s">' % (i, ('&lol%d;' % (i - 1)) * 10) for i in range(1, 10))
expect_fault('billion laughs', ('<?xml version="1.0"?><!DOCTYPE m [%s]><methodCall><methodName>'
                                'supervisor.getPID</methodName><params><param><value>&lol9;</value></param>'
                                '</params></methodCall>' % lol).encode())
def nested(depth):
    return ('<methodCall><methodName>supervisor.getPID</methodName><params><param>'
            + '<value><array><data>' * depth + '</data></array></value>' * depth
            + '</param></params></methodCall>').encode()


expect_fault('1200-deep nesting (within the body limit)', nested(1200))
status, _ = post(nested(100000))
assert status in (413, 'closed'), 'a 100k-deep body of 2 MB got %s' % status
print('100k-deep nesting (2 MB): %s' % status)
status, _ = post(b'<methodCall><methodName>supervisor.getPID</methodName><params><param><value><string>'
                 + b'x' * (10 * 1024 * 1024) + b'</string></value></param></params></methodCall>')
assert status in (413, 'closed'), 'a 10 MB body got %s' % status
print('10 MB body: %s' % status)
expect_fault('not XML', b'\xff\xfe\x00garbage')
expect_fault('empty body', b'')
expect_fault('no methodName', b'<methodCall><params/></methodCall>')
expect_fault('int for a name', xmlrpc.client.dumps((123,), 'supervisor.getProcessInfo').encode())
expect_fault('string for wait', xmlrpc.client.dumps(('web', 'yes'), 'supervisor.stopProcess').encode())
expect_fault('struct for a signal', xmlrpc.client.dumps(('web', {'a': 1}), 'supervisor.signalProcess').encode())
results = proxy.system.multicall([1, 'x'])
assert all(r['faultCode'] == 2 for r in results), results
expect_fault('unknown method', xmlrpc.client.dumps((), 'supervisor.__init__').encode(), code=1)

after = programs()
assert after == before, (before, after)
assert proxy.supervisor.getAPIVersion() == '3.0'
print('daemon and programs untouched')
