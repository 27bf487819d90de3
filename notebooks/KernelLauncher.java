import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.logging.LogManager;

/**
 * Starts the rapaio Java kernel (3.0.1) as its own {@code MainApp} does, without its start-up race.
 *
 * <p>rapaio's {@code Channels.connect} binds the shell socket and starts the thread that reads it before it creates
 * its map of message handlers. Jupyter sends {@code kernel_info_request} as soon as it has started the kernel; ZeroMQ
 * queues it and hands it over the moment the socket is bound. When the kernel's JVM is slow (a loaded machine, the
 * first JSON and HMAC work of a cold JVM) the shell thread reads that request while the map is still null, dies on the
 * {@code NullPointerException}, and the kernel never answers: "Kernel didn't respond in N seconds", on every try.
 *
 * <p>Here the map exists, empty, before {@code connect} binds anything. A request that arrives before the handlers
 * are registered is logged as unhandled and dropped; Jupyter asks again a second later and gets its answer.
 * {@code notebooks/run} compiles this file against the kernel's jar and starts it in place of {@code -jar}.
 */
public final class KernelLauncher {
    private KernelLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: KernelLauncher <connection file>, got " + args.length + " arguments");
        }
        Path connectionFile = Path.of(args[0]);
        if (!Files.isRegularFile(connectionFile)) {
            throw new IllegalArgumentException("connection file '" + connectionFile + "' is not a file");
        }
        LogManager.getLogManager().readConfiguration(MainApp.class.getClassLoader().getResourceAsStream("logging.properties"));
        ConnectionProperties props = Transform.fromJson(Files.readString(connectionFile), ConnectionProperties.class);
        Channels channels = new Channels(props);
        Field handlers = Channels.class.getDeclaredField("handlers");
        handlers.setAccessible(true);
        handlers.set(channels, new HashMap<>());
        channels.connect(MainApp.kernel);
        channels.joinUntilClose();
    }
}
