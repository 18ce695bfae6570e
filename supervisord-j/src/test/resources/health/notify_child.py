# An sd_notify child as systemd-notify speaks it: READY=1 and STATUS= after a marker, then WATCHDOG=1
# every 0.2 s until stop_file exists. argv: marker_file stop_file
import os, socket, sys, time
marker, stop = sys.argv[1], sys.argv[2]
addr = os.environ["NOTIFY_SOCKET"]
if addr.startswith("@"):
    addr = "\0" + addr[1:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
def notify(msg):
    s.sendto(msg.encode(), addr)
with open(marker, "a") as f:
    f.write("%d %s\n" % (os.getpid(), os.environ.get("WATCHDOG_USEC", "")))
time.sleep(0.3)
notify("READY=1\nSTATUS=serving requests")
while True:
    if not os.path.exists(stop):
        notify("WATCHDOG=1")
    time.sleep(0.2)
