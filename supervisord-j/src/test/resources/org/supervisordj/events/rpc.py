# Calls one XML-RPC method over the Unix socket with supervisor's own transport, as scripts that
# drive supervisord do; prints the result, or "FAULT code text" and exits 1.
#   rpc.py <socket> <method> [string args...]
import sys
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

proxy = xmlrpc.client.ServerProxy(
    'http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + sys.argv[1]))
fn = proxy
for part in sys.argv[2].split('.'):
    fn = getattr(fn, part)
try:
    print(fn(*sys.argv[3:]))
except xmlrpc.client.Fault as f:
    print('FAULT %s %s' % (f.faultCode, f.faultString))
    sys.exit(1)
