/* Restart-latency floor: the least a supervisor can do. Spawns argv[1..] with posix_spawn, waits
 * for it with waitpid, and spawns it again at once, forever. No logging, no pipes, no state
 * machine: what is left is the kernel's exit/wakeup, fork+exec and the child's own start-up. */
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    for (;;) {
        pid_t pid;
        if (posix_spawn(&pid, argv[1], NULL, NULL, argv + 1, environ) != 0) return 1;
        int st;
        while (waitpid(pid, &st, 0) < 0) {
        }
    }
}
