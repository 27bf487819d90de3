package io.github.rnnkit.spark;

import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * The UDP port of gradient sharing's transport: one free port per JVM, the same for the JVM's whole life. The
 * driver takes its port as the controller's; each executor JVM takes its own. DL4J's default, one static port
 * for every JVM, only works with one executor per machine: two executors on one host would both claim the
 * controller's host and port, each take itself for the root of the mesh, and share nothing.
 */
final class JvmPortSupplier implements PortSupplier {
    private static final long serialVersionUID = 1L;
    private static int port;

    @Override
    public int getPort() {
        synchronized (JvmPortSupplier.class) {
            if (port == 0) {
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                } catch (IOException e) {
                    throw new UncheckedIOException("no free port for gradient sharing's transport", e);
                }
            }
            return port;
        }
    }
}
