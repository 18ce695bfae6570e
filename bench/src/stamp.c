/* Benchmark test program: on start, appends "<pid> <CLOCK_REALTIME ns>\n" to the file named by
 * argv[1] (one write, O_APPEND), then sleeps until a signal ends it. SIGTERM keeps its default
 * action (terminate), so it is a "SIGTERM-respecting" program. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
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
    for (;;) pause();
}
