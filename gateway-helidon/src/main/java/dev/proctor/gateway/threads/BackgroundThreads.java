package dev.proctor.gateway.threads;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * Platform threads for the gateway's housekeeping that can wait (sealing and uploading recordings),
 * which run at a lower scheduling priority than the threads that serve calls. Work that must keep
 * pace with the traffic, or that a request waits for, does not belong on them (ADR 0009).
 *
 * <p>Why: on a small machine these threads share the cores with the carrier thread that runs every
 * exchange. A segment's upload took 20–70 ms of CPU in bursts every few seconds (measured under the
 * benchmark's load), and a request that arrived meanwhile waited behind it. At nice {@value #NICE}
 * the kernel gives a waking request thread the core at once, and the housekeeping still gets about
 * a tenth of a contended core, and all of an idle one.
 *
 * <p>Linux only, where the nice value belongs to a thread ({@code setpriority(PRIO_PROCESS, 0, n)}
 * changes the calling thread alone; elsewhere it would change the whole process, so it is not
 * called). Lowering one's own priority needs no privilege. Calls {@code setpriority} through the
 * FFM API, so the JVM runs with {@code --enable-native-access=ALL-UNNAMED} ({@code
 * gateway.options}).
 */
public final class BackgroundThreads {
  /** The nice value housekeeping threads ask for (0 is the default, 19 the lowest priority). */
  public static final int NICE = 10;

  private static final int PRIO_PROCESS = 0;
  private static final MethodHandle SETPRIORITY = setpriority();

  private BackgroundThreads() {}

  /** Daemon platform threads of this name that lower their own priority first thing. */
  public static ThreadFactory named(String name) {
    ThreadFactory platform = Thread.ofPlatform().daemon().name(name).factory();
    return task ->
        platform.newThread(
            () -> {
              lowerCurrentThread();
              task.run();
            });
  }

  /** Lowers the calling thread's priority to {@link #NICE}; false where that is not possible. */
  static boolean lowerCurrentThread() {
    if (SETPRIORITY == null) {
      return false;
    }
    try {
      return (int) SETPRIORITY.invokeExact(PRIO_PROCESS, 0, NICE) == 0;
    } catch (Throwable e) {
      return false; // refused (a seccomp filter, say): the thread runs at the default priority
    }
  }

  private static MethodHandle setpriority() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      return null;
    }
    Linker linker = Linker.nativeLinker();
    return linker
        .defaultLookup()
        .find("setpriority")
        .map(
            address ->
                linker.downcallHandle(
                    address,
                    FunctionDescriptor.of(
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT)))
        .orElse(null);
  }
}
