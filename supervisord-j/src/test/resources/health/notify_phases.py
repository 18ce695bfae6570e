# An sd_notify child that announces its phases on signals, as a server reloading its configuration
# does: READY=1 at start; SIGUSR1 sends RELOADING=1, SIGUSR2 READY=1 (reload done), SIGHUP STOPPING=1.
import os, signal, socket, time
addr = os.environ["NOTIFY_SOCKET"]
if addr.startswith("@"):
    addr = "\0" + addr[1:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
def notify(msg):
    s.sendto(msg.encode(), addr)
signal.signal(signal.SIGUSR1, lambda *a: notify("RELOADING=1"))
signal.signal(signal.SIGUSR2, lambda *a: notify("READY=1"))
signal.signal(signal.SIGHUP, lambda *a: notify("STOPPING=1"))
notify("READY=1")
while True:
    signal.pause()
