/* Benchmark log writer: appends "<pid> <CLOCK_REALTIME ns>\n" to argv[1] when it starts, then
 * writes argv[2] MiB (default 1024) of 'x' to stdout in 1 MiB write() calls, as fast as the
 * reader takes them, and exits 0. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)

int main(int argc, char **argv) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long mib = argc > 2 ? atol(argv[2]) : 1024;
    static char buf[CHUNK];
    memset(buf, 'x', sizeof buf);
    if (argc > 1) {
        char line[64];
        int n = snprintf(line, sizeof line, "%ld %lld\n", (long)getpid(),
                         (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
        int fd = open(argv[1], O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            if (write(fd, line, (size_t)n) != n) return 1;
            close(fd);
        }
    }
    for (long i = 0; i < mib; i++) {
        size_t off = 0;
        while (off < CHUNK) {
            ssize_t w = write(1, buf + off, CHUNK - off);
            if (w < 0) {
                if (errno == EINTR) continue;
                return 2;
            }
            off += (size_t)w;
        }
    }
    return 0;
}
