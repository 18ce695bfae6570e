# A small crashmail, as superlance's works: on PROCESS_STATE_EXITED with expected:0 it pipes a
# mail to the sendmail command, for any program or for those named with -p.
#   crashmail.py -m ADDRESS -s "SENDMAIL COMMAND" [-p PROGRAM]...
import argparse
import os
import sys

from supervisor import childutils

parser = argparse.ArgumentParser()
parser.add_argument('-m', dest='email', required=True)
parser.add_argument('-s', dest='sendmail', default='/usr/sbin/sendmail -t -i')
parser.add_argument('-p', dest='programs', action='append', default=[])
args = parser.parse_args()

if 'SUPERVISOR_SERVER_URL' not in os.environ:
    sys.exit('crashmail must be run as a supervisor event listener')

while True:
    headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    if headers['eventname'] == 'PROCESS_STATE_EXITED':
        pheaders, _ = childutils.eventdata(payload + '\n')
        wanted = not args.programs or pheaders['processname'] in args.programs
        if wanted and not int(pheaders['expected']):
            msg = ('Process %(processname)s in group %(groupname)s exited '
                   'unexpectedly (pid %(pid)s) from state %(from_state)s' % pheaders)
            subject = '%s crashed at %s' % (pheaders['processname'], childutils.get_asctime())
            with os.popen(args.sendmail, 'w') as mail:
                mail.write('To: %s\nSubject: %s\n\n%s\n' % (args.email, subject, msg))
            sys.stderr.write('unexpected exit of %s, mailed\n' % pheaders['processname'])
            sys.stderr.flush()
    childutils.listener.ok(sys.stdout)
